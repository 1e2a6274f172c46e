import WebSocket from 'ws';
import { hostSubprotocol, tokenProtocolPrefix } from '../wire-protocol';
import type { TestHost } from './test-host';

/** A proper client, as the page shim is: after every attack it must still get answers. */
export async function getInfoAsProperClient(host: TestHost): Promise<unknown> {
  const ws = new WebSocket(`${host.host.origin.replace('http', 'ws')}/ipc`, [hostSubprotocol, tokenProtocolPrefix + host.host.token], {
    origin: host.host.origin,
  });
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  const answer = await new Promise<unknown>((resolve) => {
    ws.once('message', (data) => resolve(JSON.parse(Buffer.isBuffer(data) ? data.toString('utf8') : 'null')));
    ws.send(JSON.stringify({ id: 1, call: 'app.getInfo', args: {} }));
  });
  ws.close();
  return answer;
}
