import CCairo
import Foundation
import Testing

@Suite("system libraries")
struct SystemLibraryTests {
  @Test("Cairo draws a rectangle to a PNG and an SVG")
  func cairoDrawsPNGAndSVG() throws {
    let folder = FileManager.default.temporaryDirectory
      .appendingPathComponent("cairo-smoke-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    let png = folder.appendingPathComponent("rectangle.png").path
    let svg = folder.appendingPathComponent("rectangle.svg").path

    let image = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, 40, 30)
    let vector = cairo_svg_surface_create(svg, 40, 30)
    for surface in [image, vector] {
      let context = cairo_create(surface)
      cairo_set_source_rgb(context, 0.7, 0.85, 1.0)  // D2L's light-blue encoder cell
      cairo_rectangle(context, 5, 5, 30, 20)
      cairo_fill(context)
      cairo_destroy(context)
    }
    #expect(cairo_surface_write_to_png(image, png) == CAIRO_STATUS_SUCCESS)
    cairo_surface_destroy(image)
    cairo_surface_finish(vector)
    cairo_surface_destroy(vector)

    let pngBytes = try Data(contentsOf: URL(fileURLWithPath: png))
    #expect(pngBytes.starts(with: [0x89, 0x50, 0x4E, 0x47]))  // "\x89PNG"
    let svgText = try String(contentsOfFile: svg, encoding: .utf8)
    #expect(svgText.contains("<svg"))
    #expect(svgText.contains("width=\"40pt\"") || svgText.contains("width=\"40\""))
  }
}
