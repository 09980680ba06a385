package dev.warden.it.apps;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.socket.DatagramPacket;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Netty over its native epoll transport (no JDK socket class involved). Args: {@code tcp HOST PORT} sends
 * {@code ping} and prints {@code RESULT ok reply=pong:ping}; {@code udp HOST PORT} sends one datagram
 * {@code hello} and prints {@code RESULT ok sent=hello}.
 */
public final class NettyEpollApp {
    public static void main(String[] args) {
        String mode = args[0];
        InetSocketAddress target = new InetSocketAddress(args[1], Integer.parseInt(args[2]));
        Report.run(() -> {
            if (!Epoll.isAvailable()) {
                throw new IllegalStateException("epoll is not available", Epoll.unavailabilityCause());
            }
            EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
            try {
                return mode.equals("tcp") ? tcp(group, target) : udp(group, target);
            } finally {
                group.shutdownGracefully(0, 1, TimeUnit.SECONDS).await(5, TimeUnit.SECONDS);
            }
        });
    }

    private static String[] tcp(EventLoopGroup group, InetSocketAddress target) throws Throwable {
        CompletableFuture<String> reply = new CompletableFuture<>();
        ChannelFuture connected = new Bootstrap().group(group).channel(EpollSocketChannel.class)
                .handler(new ChannelInboundHandlerAdapter() {
                    @Override
                    public void channelRead(ChannelHandlerContext ctx, Object msg) {
                        ByteBuf in = (ByteBuf) msg;
                        reply.complete(in.toString(StandardCharsets.UTF_8).trim());
                        in.release();
                    }
                })
                .connect(target).await();
        if (!connected.isSuccess()) {
            throw connected.cause();
        }
        Channel channel = connected.channel();
        channel.writeAndFlush(Unpooled.copiedBuffer("ping\n", StandardCharsets.UTF_8)).sync();
        String answer = reply.get(10, TimeUnit.SECONDS);
        channel.close().sync();
        return new String[] {"reply", answer};
    }

    private static String[] udp(EventLoopGroup group, InetSocketAddress target) throws Throwable {
        Channel channel = new Bootstrap().group(group).channel(EpollDatagramChannel.class)
                .handler(new ChannelInboundHandlerAdapter()).bind(0).sync().channel();
        try {
            ChannelFuture sent = channel.writeAndFlush(
                    new DatagramPacket(Unpooled.copiedBuffer("hello", StandardCharsets.UTF_8), target)).await();
            if (!sent.isSuccess()) {
                throw sent.cause();
            }
            return new String[] {"sent", "hello"};
        } finally {
            channel.close().sync();
        }
    }
}
