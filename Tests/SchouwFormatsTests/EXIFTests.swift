import Foundation
import SchouwTestSupport
import Testing
import SchouwGeometry
import SchouwFormats

@Suite struct EXIFTests {
    @Test(arguments: [false, true])
    func readsGPSAndTime(bigEndian: Bool) throws {
        let jpeg = TestJPEG.withGPS(latitude: 52.5185, longitude: 5.7220, bigEndian: bigEndian)
        let metadata = EXIF.metadata(ofJPEG: jpeg)
        let c = try #require(metadata.coordinate)
        #expect(abs(c.latitude - 52.5185) < 1e-5 && abs(c.longitude - 5.7220) < 1e-5)
        #expect(metadata.takenAt == "2025:09:20 10:15:00")
    }

    @Test func southWestIsNegative() throws {
        let c = try #require(EXIF.metadata(ofJPEG: TestJPEG.withGPS(latitude: -33.5, longitude: -70.25)).coordinate)
        #expect(abs(c.latitude + 33.5) < 1e-5 && abs(c.longitude + 70.25) < 1e-5)
    }

    @Test func damagedFilesGiveNothing() throws {
        let jpeg = TestJPEG.withGPS(latitude: 52, longitude: 5)
        // The file is SOI, one APP1 segment and the 2-byte EOI: every cut inside the segment loses the metadata…
        for cut in 0..<(jpeg.count - 2) {
            #expect(EXIF.metadata(ofJPEG: jpeg.prefix(cut)) == PhotoMetadata(), "cut at \(cut) of \(jpeg.count)")
        }
        // …while without only the EOI marker the whole segment is there and read.
        let whole = try #require(EXIF.metadata(ofJPEG: jpeg.prefix(jpeg.count - 2)).coordinate)
        #expect(abs(whole.latitude - 52) < 1e-5 && abs(whole.longitude - 5) < 1e-5)
        #expect(EXIF.metadata(ofJPEG: Data("not a jpeg".utf8)) == PhotoMetadata())
    }
}
