AttentionLesson.main()
