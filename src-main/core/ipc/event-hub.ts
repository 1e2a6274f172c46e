import { ipcEvents, type EventName, type EventPayload } from '../../../src-shared/contract/ipc-contract';

export type EventSink = (name: EventName, payload: unknown) => void;

/**
 * Core services emit contract events here; each transport (Electron window, browser-host
 * sockets) attaches a sink. Payloads are validated against the contract before they leave.
 */
export class EventHub {
  private readonly sinks = new Set<EventSink>();

  attach(sink: EventSink): () => void {
    this.sinks.add(sink);
    return () => this.sinks.delete(sink);
  }

  emit<N extends EventName>(name: N, payload: EventPayload<N>): void {
    const checked = ipcEvents[name].payload.parse(payload);
    for (const sink of this.sinks) sink(name, checked);
  }
}
