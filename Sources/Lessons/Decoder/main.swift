DecoderLesson.main()
