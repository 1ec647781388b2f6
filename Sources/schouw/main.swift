import SchouwCommands

await SchouwCommand.main()
