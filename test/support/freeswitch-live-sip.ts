// Live-check helper: sends one SIP INVITE over UDP to the trunk profile and returns the first final response line (no SIP library needed).
import { createSocket } from 'node:dgram';
import { randomUUID } from 'node:crypto';

/** INVITE sip:<did>@host:port from this machine's address; resolves with e.g. "SIP/2.0 403 Forbidden". */
export function probeTrunk(host: string, port: number, did: string, timeoutMs = 4000): Promise<{ status: string }> {
  return new Promise((resolve, reject) => {
    const sock = createSocket('udp4');
    const timer = setTimeout(() => (sock.close(), reject(new Error(`no final SIP response from ${host}:${port}`))), timeoutMs);
    sock.on('message', (msg) => {
      const status = msg.toString('latin1').split('\r\n')[0] ?? '';
      if (/^SIP\/2\.0 1\d\d/.test(status)) return;
      clearTimeout(timer);
      sock.close();
      resolve({ status });
    });
    sock.bind(0, host, () => {
      const { port: lport } = sock.address();
      const sdp = [
        'v=0', `o=probe 1 1 IN IP4 ${host}`, 's=probe', `c=IN IP4 ${host}`, 't=0 0',
        'm=audio 40000 RTP/AVP 0 101', 'a=rtpmap:0 PCMU/8000', 'a=rtpmap:101 telephone-event/8000', 'a=sendrecv', '',
      ].join('\r\n');
      const callId = randomUUID();
      const invite = [
        `INVITE sip:${did}@${host}:${port} SIP/2.0`,
        `Via: SIP/2.0/UDP ${host}:${lport};branch=z9hG4bK${randomUUID().slice(0, 8)};rport`,
        'Max-Forwards: 70',
        `From: <sip:probe@${host}:${lport}>;tag=${randomUUID().slice(0, 8)}`,
        `To: <sip:${did}@${host}:${port}>`,
        `Call-ID: ${callId}`,
        'CSeq: 1 INVITE',
        `Contact: <sip:probe@${host}:${lport}>`,
        'Content-Type: application/sdp',
        `Content-Length: ${Buffer.byteLength(sdp)}`,
        '',
        sdp,
      ].join('\r\n');
      sock.send(invite, port, host);
    });
  });
}
