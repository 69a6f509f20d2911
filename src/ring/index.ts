/**
 * Per-thread ring buffers of fixed-size binary events, their readers and the
 * trace clocks. The shared-memory layout is in `layout.ts`.
 */
export { RingBuffer, type RingBufferOptions } from './ring-buffer.js';
export { RingReader, reassembleMarkers, type RingEvent, type RingReaderOptions, type RingStats } from './ring-reader.js';
export { CLOCKS, DEFAULT_CLOCK, clockById, formatTraceClock, getClock, type ClockName, type NsClock, type NumberClock, type TraceClock } from './clock.js';
export * as layout from './layout.js';
