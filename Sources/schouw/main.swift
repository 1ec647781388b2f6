import SchouwCommands

await SchouwCommand.runFromCommandLine()
