import type { Db } from '../db/client.js';
import { sql } from 'drizzle-orm';
import type { ocppMessages } from '../db/schema/index.js';

type Entry = typeof ocppMessages.$inferInsert;

/** Frames are logged as they came (cut at this many characters): enough to read, bounded under a flood. */
const MAX_LOGGED_CHARS = 4000;
const FLUSH_EVERY_MS = 200;
const MAX_BUFFERED = 5000;

/**
 * PostgreSQL text cannot hold NUL characters, and a frame cut short may end in half a surrogate
 * pair (which JSON cannot carry to the database): a hostile or long frame must not make the batch fail.
 */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const clean = (text: string) => text.replaceAll('\u0000', '\uFFFD').replace(LONE_SURROGATE, '\uFFFD');

/** What a frame says about itself, without trusting it: [type, id, action?]. */
function describe(frame: string): Pick<Entry, 'messageType' | 'messageId' | 'action'> {
  try {
    const parsed: unknown = JSON.parse(frame);
    if (!Array.isArray(parsed)) return { messageType: null, messageId: null, action: null };
    const [type, id, action] = parsed as unknown[];
    return {
      messageType: typeof type === 'number' && Number.isInteger(type) && Math.abs(type) < 1000 ? type : null,
      messageId: typeof id === 'string' ? clean(id.slice(0, 100)) : null,
      action: type === 2 && typeof action === 'string' ? clean(action.slice(0, 100)) : null,
    };
  } catch {
    return { messageType: null, messageId: null, action: null };
  }
}

/** One INSERT per flush, the rows as one JSON parameter (cheap to build and to parse, on both drivers). */
async function insertFrames(db: Db, entries: Entry[]): Promise<void> {
  const rows = entries.map((e) => ({
    charger_id: e.chargerId,
    identity: e.identity,
    direction: e.direction,
    message_type: e.messageType,
    message_id: e.messageId,
    action: e.action,
    payload: e.payload,
    at: (e.at as Date).toISOString(),
  }));
  await db.execute(sql`INSERT INTO ocpp_messages (charger_id, identity, direction, message_type, message_id, action, payload, at)
    SELECT charger_id, identity, direction, message_type, message_id, action, payload, at
    FROM json_to_recordset(${JSON.stringify(rows)}::json) AS x(charger_id uuid, identity text, direction text,
      message_type integer, message_id text, action text, payload text, at timestamptz)`);
}

/**
 * The OCPP message log, written in batches so a busy network does not cost a database round trip
 * per frame. Under a flood beyond MAX_BUFFERED frames per flush, the excess is counted, not stored.
 */
export class MessageLog {
  private buffer: Entry[] = [];
  private dropped = 0;
  private timer: NodeJS.Timeout | null = null;
  private flushing: Promise<void> = Promise.resolve();

  constructor(
    private readonly db: Db,
    private readonly onError: (error: unknown) => void,
  ) {}

  record(entry: { chargerId: string | null; identity: string; direction: 'in' | 'out'; frame: string }): void {
    if (this.buffer.length >= MAX_BUFFERED) {
      this.dropped++;
      return;
    }
    const { frame, ...rest } = entry;
    this.buffer.push({
      ...rest,
      ...describe(frame),
      payload: clean(frame.length > MAX_LOGGED_CHARS ? `${frame.slice(0, MAX_LOGGED_CHARS)}…` : frame),
      at: new Date(),
    });
    this.timer ??= setTimeout(() => void this.flush(), FLUSH_EVERY_MS);
  }

  get droppedCount(): number {
    return this.dropped;
  }

  flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const batch = this.buffer;
    this.buffer = [];
    // Flushes run one after another so the log keeps the order frames came in.
    this.flushing = this.flushing.then(async () => {
      for (let i = 0; i < batch.length; i += 500) {
        try {
          await insertFrames(this.db, batch.slice(i, i + 500));
        } catch (error) {
          this.onError(error);
        }
      }
    });
    return this.flushing;
  }
}
