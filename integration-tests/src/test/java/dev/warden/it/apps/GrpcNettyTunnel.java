package dev.warden.it.apps;

import io.grpc.netty.shaded.io.netty.bootstrap.Bootstrap;
import io.grpc.netty.shaded.io.netty.buffer.ByteBuf;
import io.grpc.netty.shaded.io.netty.buffer.Unpooled;
import io.grpc.netty.shaded.io.netty.channel.ChannelFuture;
import io.grpc.netty.shaded.io.netty.channel.ChannelHandlerContext;
import io.grpc.netty.shaded.io.netty.channel.ChannelInboundHandlerAdapter;
import io.grpc.netty.shaded.io.netty.channel.ChannelInitializer;
import io.grpc.netty.shaded.io.netty.channel.nio.NioEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.socket.SocketChannel;
import io.grpc.netty.shaded.io.netty.channel.socket.nio.NioSocketChannel;
import io.grpc.netty.shaded.io.netty.handler.proxy.HttpProxyHandler;
import io.grpc.netty.shaded.io.netty.handler.proxy.ProxyConnectionEvent;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A GET written by hand through an HTTP proxy's CONNECT tunnel, on gRPC's shaded copy of Netty with
 * its {@code HttpProxyHandler} in the app's own pipeline: the request goes once the handler tells
 * the tunnel is up, and the reply is what arrives until the server closes.
 */
final class GrpcNettyTunnel {

    private GrpcNettyTunnel() {
    }

    static String[] get(int proxyPort, String host, int port, String path) throws Exception {
        String request = "GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n";
        CompletableFuture<String> reply = new CompletableFuture<>();
        NioEventLoopGroup group = new NioEventLoopGroup(1);
        try {
            Bootstrap bootstrap = new Bootstrap().group(group).channel(NioSocketChannel.class)
                    .handler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel channel) {
                            channel.pipeline().addLast(new HttpProxyHandler(new InetSocketAddress("127.0.0.1", proxyPort)),
                                    new Exchange(request, reply));
                        }
                    });
            ChannelFuture connect = bootstrap.connect(new InetSocketAddress(host, port));
            if (!connect.await(15, TimeUnit.SECONDS)) {
                throw new IllegalStateException("no connect in 15 s");
            }
            if (!connect.isSuccess()) {
                connect.channel().close();
                throw (Exception) connect.cause();
            }
            String text = reply.get(15, TimeUnit.SECONDS);
            return new String[] {"status", text.substring(9, 12)};
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).await(5, TimeUnit.SECONDS);
        }
    }

    private static final class Exchange extends ChannelInboundHandlerAdapter {
        private final String request;
        private final CompletableFuture<String> reply;
        private final StringBuilder received = new StringBuilder();

        Exchange(String request, CompletableFuture<String> reply) {
            this.request = request;
            this.reply = reply;
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
            if (event instanceof ProxyConnectionEvent) {
                ctx.writeAndFlush(Unpooled.copiedBuffer(request, StandardCharsets.US_ASCII));
            }
            ctx.fireUserEventTriggered(event);
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object message) {
            ByteBuf bytes = (ByteBuf) message;
            received.append(bytes.toString(StandardCharsets.US_ASCII));
            bytes.release();
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            reply.complete(received.toString());
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            reply.completeExceptionally(cause);
            ctx.close();
        }
    }
}
