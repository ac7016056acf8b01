/** One Server-Sent Events message as a client sees it; `comment` for lines starting with ':'. */
export interface SseMessage {
  event?: string;
  id?: string;
  data?: string;
  retry?: number;
  comment?: string;
}

export interface SseStream {
  status: number;
  contentType: string | null;
  /** What the server answered instead of a stream (errors). */
  body: unknown;
  messages: SseMessage[];
  /** Resolves when the server ends the stream. */
  ended: Promise<void>;
  /** Waits for a message matching `match` (already received or still to come). */
  waitFor(match: (message: SseMessage) => boolean, timeoutMs?: number): Promise<SseMessage>;
  /** Events only (not comments, retry or reset), with the payload parsed. */
  events(): { type: string; id: number; payload: Record<string, unknown> }[];
  close(): void;
}

function parseBlock(block: string): SseMessage {
  const message: SseMessage = {};
  for (const line of block.split('\n')) {
    if (line.startsWith(':')) message.comment = line.slice(1).trim();
    const [field, ...rest] = line.split(':');
    const value = rest.join(':').replace(/^ /, '');
    if (field === 'event') message.event = value;
    if (field === 'id') message.id = value;
    if (field === 'data') message.data = message.data === undefined ? value : `${message.data}\n${value}`;
    if (field === 'retry') message.retry = Number(value);
  }
  return message;
}

/** Opens the event stream with fetch, as a browser's EventSource would, and reads it as it comes. */
export async function openStream(url: string, headers: Record<string, string> = {}): Promise<SseStream> {
  const abort = new AbortController();
  const response = await fetch(url, { headers: { accept: 'text/event-stream', ...headers }, signal: abort.signal });
  const messages: SseMessage[] = [];
  const waiters = new Set<() => void>();
  const contentType = response.headers.get('content-type');
  if (!contentType?.startsWith('text/event-stream')) {
    const text = await response.text();
    return {
      status: response.status,
      contentType,
      body: text ? (JSON.parse(text) as unknown) : null,
      messages,
      ended: Promise.resolve(),
      waitFor: () => Promise.reject(new Error(`no stream: ${response.status} ${text}`)),
      events: () => [],
      close: () => undefined,
    };
  }
  let finished = false;
  const ended = (async () => {
    const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
    let buffered = '';
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffered += value;
        let end: number;
        while ((end = buffered.indexOf('\n\n')) >= 0) {
          messages.push(parseBlock(buffered.slice(0, end)));
          buffered = buffered.slice(end + 2);
          waiters.forEach((wake) => wake());
        }
      }
    } catch {
      // Aborted by close().
    } finally {
      finished = true;
      waiters.forEach((wake) => wake());
    }
  })();
  return {
    status: response.status,
    contentType,
    body: null,
    messages,
    ended,
    waitFor(match, timeoutMs = 5000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const found = messages.find(match);
          if (found) {
            waiters.delete(check);
            clearTimeout(timer);
            resolve(found);
          } else if (finished) {
            waiters.delete(check);
            clearTimeout(timer);
            reject(new Error('the stream ended'));
          }
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`no matching message in ${timeoutMs} ms; got ${JSON.stringify(messages.slice(-5))}`));
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
    events() {
      return messages
        .filter((m) => m.event && m.event !== 'reset' && m.data !== undefined)
        .map((m) => ({ type: m.event!, id: Number(m.id), payload: JSON.parse(m.data!) as Record<string, unknown> }));
    },
    close: () => abort.abort(),
  };
}
