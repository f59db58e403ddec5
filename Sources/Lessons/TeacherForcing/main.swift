TeacherForcingLesson.main()
