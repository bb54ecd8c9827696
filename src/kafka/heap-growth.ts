// How far V8 lets the old generation grow during a smoke test. A long run keeps about 15 MB alive, yet
// the heap filled to 60-70 MB between full collections: after each one V8 sets the next limit to what
// survived times a factor of up to 4 on a machine with a large heap limit
// (v8/src/heap/heap-controller.cc, MemoryController::GrowingFactor and MaxGrowingFactor), and kafkajs's
// produce and fetch paths promote tens of MB a second. A run of a million messages then peaked about
// 55 MiB above one of ten thousand (bench/README.md, smoke-memory).
// `--heap-growing-percent` replaces that factor and V8 reads it at every limit it computes, so unlike the
// heap's sizes (--max-old-space-size, --max-semi-space-size, fixed when the isolate starts) it works when
// set at run time. V8 keeps its floor of 8 MB plus the young generation's capacity over what survived
// (BoundAllocationLimit). The price is more full collections of a small heap: at 100,000 messages 6-10
// instead of 3-4, about 40 ms more of pauses and 200 ms more of concurrent marking on a helper thread.
import v8 from 'node:v8';

/** After a full collection the old generation may grow to twice what survived it (V8 allows up to 4x). */
const GROWING_PERCENT = 100;

/** Bounds the old generation's growth for the run; returns what gives V8 back its own factor. */
export function boundHeapGrowth(): () => void {
  v8.setFlagsFromString(`--heap-growing-percent=${GROWING_PERCENT}`);
  // 0 is V8's default: the factor it computes from the collector's and the program's speeds.
  return () => v8.setFlagsFromString('--heap-growing-percent=0');
}
