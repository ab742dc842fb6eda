HTXBench.main()
