using System.Buffers;
using System.Text.Json;

namespace FinAegis.Grains.EventStore;

/// <summary>
/// A JSON writer and its buffer, one per thread, reused for the synchronous writes done for every appended event
/// (canonical properties, <c>meta_data</c>) instead of a new writer and buffer each time. <see cref="Start"/> empties
/// the thread's buffer; the bytes <see cref="Lease.Finish"/> returns stay valid until the next Start on that thread.
/// </summary>
internal sealed class ThreadJsonWriter(JsonWriterOptions options, int initialCapacity)
{
    private readonly ThreadLocal<Lease> _leases = new(() => new Lease(new ArrayBufferWriter<byte>(initialCapacity), options));

    public Lease Start()
    {
        var lease = _leases.Value!;
        lease.Reset();
        return lease;
    }

    public sealed class Lease
    {
        private readonly ArrayBufferWriter<byte> _buffer;

        internal Lease(ArrayBufferWriter<byte> buffer, JsonWriterOptions options)
        {
            _buffer = buffer;
            Writer = new Utf8JsonWriter(buffer, options);
        }

        public Utf8JsonWriter Writer { get; }

        /// <summary>Flushes the writer and returns what it wrote (overwritten by the next Start on this thread).</summary>
        public ReadOnlySpan<byte> Finish()
        {
            Writer.Flush();
            return _buffer.WrittenSpan;
        }

        internal void Reset()
        {
            _buffer.ResetWrittenCount();
            Writer.Reset(_buffer);
        }
    }
}
