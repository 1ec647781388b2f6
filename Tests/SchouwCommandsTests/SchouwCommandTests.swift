import ArgumentParser
import Testing
@testable import SchouwCommands

@Suite struct SchouwCommandTests {
    @Test func versionIsSet() {
        #expect(SchouwCommand.configuration.version == SchouwVersion.string)
    }
}
