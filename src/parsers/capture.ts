/**
 * Parser for artifact `capture.pcap`: packet captures (pcap or pcapng, recognised by magic bytes)
 * written by `pktmon start --capture` + `pktmon etl2pcap` on the server, or by tcpdump /
 * Wireshark elsewhere. Produces one record per TCP connection in which a TLS or SSL 2.0 hello
 * was seen: endpoints, ClientHello (offered versions from supported_versions, else
 * legacy_version; SNI; suites; ALPN; groups; signature algorithms), HelloRetryRequest,
 * ServerHello (negotiated version and suite), the server certificate chain when sent in the clear
 * (TLS ≤ 1.2), plaintext alerts, CCS / application data, TCP FIN / RST and an outcome
 * (established / failed with reason / incomplete), each with frame numbers as evidence.
 *
 * Streaming and bounded: the file is read chunk by chunk; per connection only the handshake is
 * buffered. Variations handled: both pcap byte orders and µs / ns resolution, pcapng sections of
 * either byte order with several interfaces and link types, EPB / SPB / obsolete PB, unknown
 * blocks skipped; Ethernet (+VLAN/QinQ), Linux SLL/SLL2, raw IP, BSD loopback; IPv4 / IPv6 with
 * extension headers; TLS on any port (STARTTLS, proxies) found by content; retransmissions,
 * duplicates (pktmon records a packet at several components) and out-of-order segments.
 * Issues: unknown format, truncated / damaged blocks (offset, frame), unsupported link types, IP
 * fragments (not reassembled), packets cut by the snap length, gaps in a TLS stream, invalid
 * records or messages, unparsable certificates, size limits.
 */
import type { BinaryInput, BinaryParser, ParseResult } from '../shared/parse.js';
import { parseCapture, type CaptureValue } from './capture/index.js';
import { captureRecognizer } from './sniffs.js';

export type {
  AlertInfo,
  CaptureValue,
  ClientHelloInfo,
  ServerHelloInfo,
  TlsConnection,
} from './capture/index.js';

export const captureParser: BinaryParser<CaptureValue, 'capture.pcap'> = {
  ...captureRecognizer,
  describe: 'Packet capture (pcap / pcapng): TLS handshakes per TCP connection',
  parse: (input: BinaryInput): ParseResult<CaptureValue> => parseCapture(input),
};
