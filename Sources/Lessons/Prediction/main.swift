PredictionLesson.main()
