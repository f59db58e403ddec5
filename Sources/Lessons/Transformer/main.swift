TransformerLesson.main()
