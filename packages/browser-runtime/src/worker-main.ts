/**
 * What a runtime worker does, on any platform: its first message decides
 * whether it becomes the kernel (a `boot` request from the client) or a
 * process (a `start` message from the kernel).
 */
import type { MessageEndpoint } from './host.js'
import { Kernel, type KernelHost } from './kernel/kernel.js'
import { type KernelLink, runProcess } from './process/runtime.js'
import type { ClientMessage, KernelToProcess, ProcessMessage, ProcessStart } from './protocol.js'
import { SyncChannelClient } from './sync-channel.js'

/** Serves `port` (the worker's connection to its creator) as a kernel or a process. */
export function serveRuntimeWorker(port: MessageEndpoint, host: KernelHost): void {
  port.onMessage((data) => {
    const first = data as ClientMessage | ProcessStart
    if (first.type === 'start') {
      runProcess(first, processLink(port, first, host))
      return
    }
    new Kernel(port, host).receive(first)
  })
}

function processLink(port: MessageEndpoint, start: ProcessStart, host: KernelHost): KernelLink {
  const post = (message: ProcessMessage): void => port.postMessage(message)
  const channel = start.channel === null ? null : new SyncChannelClient(start.channel, post)
  return {
    post,
    onMessage: (handler) => port.onMessage((data) => handler(data as KernelToProcess)),
    callSync: (call) => {
      if (channel === null) throw new Error('this process has no system-call channel')
      return channel.call(call)
    },
    canBlock: channel !== null,
    ...(host.compileScript ? { compileScript: host.compileScript } : {}),
  }
}
