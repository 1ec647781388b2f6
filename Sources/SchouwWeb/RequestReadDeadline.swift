import Foundation
import Logging
import NIOCore
import NIOHTTPTypes

/// Closes a connection that takes longer than ``WebConfiguration/requestReadSeconds`` to send one
/// request, head and body together.
///
/// The idle timeout starts again with every byte, so alone it lets a client that sends one byte every
/// 29 seconds keep a connection (and a handler waiting for the body) for ever. This clock does not
/// start again: it runs from the moment the connection opens, or the previous answer was sent in full,
/// until the request's last byte is read. While the server works on a request it is stopped.
///
/// Sits in the channel pipeline after the HTTP decoder (Hummingbird's `additionalChannelHandlers`), so
/// it sees the request's parts; one instance per connection.
final class RequestReadDeadline: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    private let limit: TimeAmount
    private let log: Logger
    private var timer: Scheduled<Void>?
    /// True from the start of a request until its last byte is read.
    private var reading = true

    init(seconds: TimeInterval, log: Logger) {
        limit = .milliseconds(Int64(seconds * 1000))
        self.log = log
    }

    func handlerAdded(context: ChannelHandlerContext) {
        if context.channel.isActive { arm(context) }
    }

    func channelActive(context: ChannelHandlerContext) {
        if timer == nil { arm(context) }
        context.fireChannelActive()
    }

    func channelInactive(context: ChannelHandlerContext) {
        disarm()
        context.fireChannelInactive()
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        disarm()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head:
            // A request that came while the previous answer was still being made: its own clock.
            if !reading {
                reading = true
                arm(context)
            }
        case .body:
            break
        case .end:
            reading = false
            disarm()
        }
        context.fireChannelRead(data)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        if case .end = unwrapOutboundIn(data), !reading {
            // Answered: the next request's clock starts.
            reading = true
            arm(context)
        }
        context.write(data, promise: promise)
    }

    private func arm(_ context: ChannelHandlerContext) {
        timer?.cancel()
        let channel = context.channel
        let (log, limit) = (log, limit)
        timer = context.eventLoop.scheduleTask(in: limit) {
            log.notice(
                "request not read in full within the time limit; connection closed",
                metadata: ["peer": .string(channel.remoteAddress?.ipAddress ?? "unknown"), "seconds": .stringConvertible(Double(limit.nanoseconds) / 1e9)])
            channel.close(promise: nil)
        }
    }

    private func disarm() {
        timer?.cancel()
        timer = nil
    }
}
