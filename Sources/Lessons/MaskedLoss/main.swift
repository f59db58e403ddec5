MaskedLossLesson.main()
