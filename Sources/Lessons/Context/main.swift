ContextLesson.main()
