// Cairo's drawing API and its SVG surface, for the figures.
#include <cairo.h>
#include <cairo-svg.h>
