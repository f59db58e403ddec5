EncoderLesson.main()
