package io.zkml4j.core.transcript;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;

/**
 * A two-way byte connection between a live prover and a live verifier: prover messages travel
 * as proof records, challenges come back as challenge records.
 */
public final class InteractiveLink implements Closeable {
    static final byte EXT_CHALLENGE = 0x20;
    static final byte INDEX_CHALLENGE = 0x21;

    final DataInputStream in;
    final DataOutputStream out;
    private final Closeable resource;

    public InteractiveLink(InputStream in, OutputStream out, Closeable resource) {
        this.in = new DataInputStream(new BufferedInputStream(in, 1 << 16));
        this.out = new DataOutputStream(new BufferedOutputStream(out, 1 << 16));
        this.resource = resource;
    }

    public static InteractiveLink over(Socket socket) throws IOException {
        socket.setTcpNoDelay(true);
        return new InteractiveLink(socket.getInputStream(), socket.getOutputStream(), socket);
    }

    /** Sends application bytes outside the protocol (for example a final verdict). */
    public void sendFrame(byte[] data) throws IOException {
        out.writeInt(data.length);
        out.write(data);
        out.flush();
    }

    /** Receives one frame sent with {@link #sendFrame}, refusing frames above maxLength. */
    public byte[] receiveFrame(int maxLength) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > maxLength) {
            throw new IOException("frame of " + n + " bytes exceeds the limit of " + maxLength);
        }
        byte[] b = new byte[n];
        in.readFully(b);
        return b;
    }

    @Override
    public void close() throws IOException {
        try {
            out.flush();
        } finally {
            if (resource != null) {
                resource.close();
            }
        }
    }
}
