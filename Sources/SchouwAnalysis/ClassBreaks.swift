/// Class breaks for a choropleth: class i holds the values v with breaks[i-1] < v ≤ breaks[i]
/// (class 1 also holds breaks[0] itself), as QGIS's graduated renderer reads them.
public struct ClassBreaks: Hashable, Sendable {
    /// Ascending bounds: the minimum first, the maximum last; `bounds.count - 1` classes.
    public var bounds: [Double]

    /// Breaks given by the user; the minimum and maximum of `values` are added when outside them.
    /// - Throws: ``AnalysisError/breaksNotAscending(_:)`` when the breaks are not strictly ascending.
    public init(explicit breaks: [Double], values: [Double]) throws {
        guard zip(breaks, breaks.dropFirst()).allSatisfy({ $0 < $1 }), breaks.allSatisfy(\.isFinite) else {
            throw AnalysisError.breaksNotAscending(breaks)
        }
        var bounds = breaks
        if let low = values.min(), bounds.first.map({ low < $0 }) ?? true { bounds.insert(low, at: 0) }
        if let high = values.max(), bounds.last.map({ high > $0 }) ?? true { bounds.append(high) }
        self.bounds = bounds
    }

    /// Quantile (equal count) breaks: about the same number of values per class. Repeated bounds
    /// (many equal values) are merged, so there may be fewer classes than asked.
    ///
    /// - Complexity: O(n log n).
    public init(quantilesOf values: [Double], classes: Int) throws {
        guard classes >= 1 else { throw AnalysisError.notPositive(.classCount, Double(classes)) }
        let sorted = values.sorted()
        guard let first = sorted.first, let last = sorted.last else {
            throw AnalysisError.noValuesToClassify
        }
        var bounds = [first]
        for i in 1..<classes {
            // The value at rank ⌈i·n/k⌉ closes class i.
            let rank = (i * sorted.count + classes - 1) / classes
            let bound = sorted[max(0, rank - 1)]
            if bound > bounds[bounds.count - 1] { bounds.append(bound) }
        }
        if last > bounds[bounds.count - 1] || bounds.count == 1 { bounds.append(last) }
        self.bounds = bounds
    }

    public var classCount: Int { bounds.count - 1 }

    /// The class (1-based) of a value, or nil when outside the bounds.
    /// - Complexity: O(log k).
    public func classOf(_ value: Double) -> Int? {
        guard let low = bounds.first, let high = bounds.last, value >= low, value <= high else { return nil }
        // The first bound ≥ value closes its class.
        var lo = 1
        var hi = bounds.count - 1
        while lo < hi {
            let mid = (lo + hi) / 2
            if bounds[mid] >= value { hi = mid } else { lo = mid + 1 }
        }
        return lo
    }
}
