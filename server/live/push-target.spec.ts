import { Server } from 'socket.io';
import { describe, expect, it } from 'vitest';
import { oneBufferFrames } from './push-target';

type Encoding = { _encode(packet: object, opts: { wsPreEncodedFrame?: Buffer[] }): unknown };

/** A real socket.io server's in-memory adapter, as the live sockets use it (never attached: it holds no port). */
function adapter(): Encoding {
  return new Server().of('/').adapter as unknown as Encoding;
}

const packet = () => ({ type: 2, data: ['panel:batch', [['panel:data', { key: 'k', rows: [{ x: 'é' }] }]]] });

describe('oneBufferFrames', () => {
  it("makes the adapter's broadcast frame one buffer holding the same bytes as its two", () => {
    const plain: { wsPreEncodedFrame?: Buffer[] } = {};
    adapter()._encode({ ...packet(), nsp: '/' }, plain);
    // socket.io-adapter's own frame: the WebSocket header, then the payload.
    expect(plain.wsPreEncodedFrame).toHaveLength(2);

    const a = adapter();
    oneBufferFrames(a);
    const joined: { wsPreEncodedFrame?: Buffer[] } = {};
    const encoded = a._encode({ ...packet(), nsp: '/' }, joined);
    expect(joined.wsPreEncodedFrame).toHaveLength(1);
    expect(joined.wsPreEncodedFrame![0]).toEqual(Buffer.concat(plain.wsPreEncodedFrame!));
    // The packet text for other transports is untouched.
    expect(encoded).toEqual(['2["panel:batch",[["panel:data",{"key":"k","rows":[{"x":"é"}]}]]]']);
  });

  it('leaves an adapter without the encoding step as it is', () => {
    const other = { broadcast: () => undefined };
    oneBufferFrames(other);
    expect(Object.keys(other)).toEqual(['broadcast']);
  });
});
