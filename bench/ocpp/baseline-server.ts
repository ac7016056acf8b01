/**
 * The baseline: a bare `ws` server on 127.0.0.1 that accepts any ocpp1.6 upgrade, parses each JSON
 * frame and answers the CALL with a plausible CALLRESULT. No auth, no validation, no database —
 * what the same load generator gets from Node and `ws` alone.
 */
import { WebSocketServer } from 'ws';

const port = Number(process.env.PORT ?? 0);
let transactionId = 0;

function answer(action: string): Record<string, unknown> {
  const idTagInfo = { status: 'Accepted' };
  switch (action) {
    case 'BootNotification':
      return { status: 'Accepted', currentTime: new Date().toISOString(), interval: 60 };
    case 'Heartbeat':
      return { currentTime: new Date().toISOString() };
    case 'Authorize':
      return { idTagInfo };
    case 'StartTransaction':
      return { transactionId: ++transactionId, idTagInfo };
    case 'StopTransaction':
      return { idTagInfo };
    default:
      return {};
  }
}

const wss = new WebSocketServer({
  host: '127.0.0.1',
  port,
  perMessageDeflate: false,
  handleProtocols: (protocols) => (protocols.has('ocpp1.6') ? 'ocpp1.6' : false),
});
wss.on('connection', (ws) => {
  ws.on('message', (data) => {
    try {
      const [type, id, action] = JSON.parse(String(data)) as [number, string, string];
      if (type === 2) ws.send(JSON.stringify([3, id, answer(action)]));
    } catch {
      // a bad frame is ignored, as a bare server would
    }
  });
});
wss.on('listening', () => {
  const address = wss.address();
  process.send?.({ type: 'listening', port: typeof address === 'object' && address ? address.port : port });
});
process.on('SIGTERM', () => wss.close(() => process.exit(0)));
