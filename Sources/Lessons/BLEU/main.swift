BLEULesson.main()
