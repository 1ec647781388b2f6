import CGEOS
import SchouwCore

/// A GEOS STRtree over bounding boxes whose items are the integers 0..<count the caller inserted.
///
/// Build it by inserting every box, then query; GEOS builds the tree on the first query and
/// accepts no inserts after that.
public final class SpatialIndex {
    private let context: GEOSContext
    private let tree: OpaquePointer
    /// The rectangles given to GEOS, kept alive for the tree's lifetime.
    private var envelopes: [GEOSGeometryHandle] = []
    private var isBuilt = false

    /// - Parameter nodeCapacity: children per node (GEOS's default is 10).
    public init(context: GEOSContext, nodeCapacity: Int = 10) throws {
        self.context = context
        guard let tree = GEOSSTRtree_create_r(context.handle, nodeCapacity) else {
            throw context.failure("creating an STRtree")
        }
        self.tree = tree
    }

    deinit {
        GEOSSTRtree_destroy_r(context.handle, tree)
    }

    /// The number of items inserted.
    public var count: Int { envelopes.count }

    /// Inserts a box; its item number is the number of earlier inserts.
    /// - Returns: the item number.
    @discardableResult
    public func insert(_ box: BoundingBox) throws -> Int {
        precondition(!isBuilt, "SpatialIndex: insert after the first query")
        let rectangle = try context.own(
            GEOSGeom_createRectangle_r(context.handle, box.minX, box.minY, box.maxX, box.maxY), "creating a rectangle")
        let item = envelopes.count
        envelopes.append(rectangle)
        // Items are stored as pointer-sized integers, offset by one so that item 0 is not a null pointer.
        GEOSSTRtree_insert_r(context.handle, tree, rectangle.pointer, UnsafeMutableRawPointer(bitPattern: item + 1))
        return item
    }

    /// The items whose boxes intersect `box`, in no particular order.
    /// - Complexity: O(log n + k) on average, where k is the number of results.
    public func query(_ box: BoundingBox) throws -> [Int] {
        let rectangle = try context.own(
            GEOSGeom_createRectangle_r(context.handle, box.minX, box.minY, box.maxX, box.maxY), "creating a rectangle")
        return query(pointer: rectangle.pointer)
    }

    /// The items whose boxes contain the point.
    public func query(_ point: Coordinate) throws -> [Int] {
        let probe = try context.own(GEOSGeom_createPointFromXY_r(context.handle, point.x, point.y), "creating a point")
        return query(pointer: probe.pointer)
    }

    private func query(pointer: OpaquePointer) -> [Int] {
        isBuilt = true
        let results = Results()
        // The callback is a non-capturing closure; the results box travels as userdata.
        GEOSSTRtree_query_r(context.handle, tree, pointer, { item, userdata in
            guard let userdata else { return }
            Unmanaged<Results>.fromOpaque(userdata).takeUnretainedValue().items.append(Int(bitPattern: item) - 1)
        }, Unmanaged.passUnretained(results).toOpaque())
        return results.items
    }

    private final class Results {
        var items: [Int] = []
    }
}
