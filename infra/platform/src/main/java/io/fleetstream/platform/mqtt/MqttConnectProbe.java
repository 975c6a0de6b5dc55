package io.fleetstream.platform.mqtt;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * A real MQTT 3.1.1 CONNECT/CONNACK handshake over a plain socket: the broker is ready when it accepts a
 * session. Written against the wire format so the platform does not need an MQTT client library at run time.
 */
public final class MqttConnectProbe {
    private static final int CONNECT = 0x10;
    private static final int CONNACK = 0x20;
    private static final int DISCONNECT = 0xE0;
    private static final int PROTOCOL_LEVEL_3_1_1 = 4;
    private static final int FLAG_CLEAN_SESSION = 0x02;
    private static final int FLAG_PASSWORD = 0x40;
    private static final int FLAG_USERNAME = 0x80;
    private static final int TIMEOUT_MS = 2000;

    private final String host;
    private final int port;

    public MqttConnectProbe(String host, int port) {
        this.host = host;
        this.port = port;
    }

    /**
     * Connects, reads the CONNACK and disconnects.
     *
     * @return the CONNACK return code: 0 accepted, 4 bad user name or password, 5 not authorized
     */
    public int connect(String clientId, Optional<String> username, Optional<String> password) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), TIMEOUT_MS);
            socket.setSoTimeout(TIMEOUT_MS);
            OutputStream out = socket.getOutputStream();
            out.write(connectPacket(clientId, username, password));
            out.flush();
            DataInputStream in = new DataInputStream(socket.getInputStream());
            int type = in.readUnsignedByte();
            int length = in.readUnsignedByte();
            if (type != CONNACK || length != 2) {
                throw new IOException("Expected CONNACK from " + host + ":" + port + ", got packet type 0x"
                        + Integer.toHexString(type));
            }
            in.readUnsignedByte(); // session-present flag
            int returnCode = in.readUnsignedByte();
            if (returnCode == 0) {
                out.write(new byte[] {(byte) DISCONNECT, 0});
                out.flush();
            }
            return returnCode;
        }
    }

    private static byte[] connectPacket(String clientId, Optional<String> username, Optional<String> password) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        writeString(body, "MQTT");
        body.write(PROTOCOL_LEVEL_3_1_1);
        int flags = FLAG_CLEAN_SESSION | (username.isPresent() ? FLAG_USERNAME : 0) | (password.isPresent() ? FLAG_PASSWORD : 0);
        body.write(flags);
        body.write(0);
        body.write(30); // keep-alive seconds
        writeString(body, clientId);
        username.ifPresent(u -> writeString(body, u));
        password.ifPresent(p -> writeString(body, p));

        ByteArrayOutputStream packet = new ByteArrayOutputStream();
        packet.write(CONNECT);
        int remaining = body.size();
        do {
            int digit = remaining % 128;
            remaining /= 128;
            packet.write(remaining > 0 ? digit | 0x80 : digit);
        } while (remaining > 0);
        packet.writeBytes(body.toByteArray());
        return packet.toByteArray();
    }

    private static void writeString(ByteArrayOutputStream out, String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        out.write(bytes.length >> 8);
        out.write(bytes.length & 0xFF);
        out.writeBytes(bytes);
    }
}
