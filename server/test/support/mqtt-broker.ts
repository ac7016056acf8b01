import { type AddressInfo, createServer } from 'node:net';
import { Aedes } from 'aedes';

export interface TestBroker {
  url: string;
  /** Publishes as another client would: an object goes as JSON, a string as it is. */
  publish(topic: string, message: unknown): Promise<void>;
  close(): Promise<void>;
}

/** A real MQTT broker (aedes, in this process) on a free port of 127.0.0.1. */
export async function startTestBroker(): Promise<TestBroker> {
  const broker = await Aedes.createBroker();
  const server = createServer(broker.handle);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `mqtt://127.0.0.1:${port}`,
    publish: (topic, message) =>
      new Promise<void>((resolve, reject) =>
        broker.publish(
          {
            cmd: 'publish',
            topic,
            payload: Buffer.from(typeof message === 'string' ? message : JSON.stringify(message)),
            qos: 0,
            retain: false,
            dup: false,
          },
          (error) => (error ? reject(error) : resolve()),
        ),
      ),
    close: async () => {
      await new Promise<void>((resolve) => broker.close(() => resolve()));
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
