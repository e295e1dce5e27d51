using Microsoft.AspNetCore.Http.Features;

namespace FinAegis.Api.Http;

/// <summary>
/// SPEC §3's 64 KiB body limit as a property of the application rather than of one server's options: Kestrel enforces
/// it through <see cref="IHttpMaxRequestBodySizeFeature"/>, but a server without that feature (the in-memory test
/// server; IIS has its own 30 MB default) would otherwise parse any size. A declared Content-Length over the limit is
/// refused before the body is read; any other body is cut off where it crosses the limit, with the same
/// 413 the exception handler gives Kestrel's refusal.
/// </summary>
public static class RequestBodyLimit
{
    public const long MaxBytes = 64 * 1024;

    public static IApplicationBuilder UseRequestBodyLimit(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        if (context.Request.ContentLength > MaxBytes)
        {
            await Problems.PayloadTooLarge().ExecuteAsync(context);
            return;
        }
        var feature = context.Features.Get<IHttpMaxRequestBodySizeFeature>();
        if (feature is { IsReadOnly: false })
        {
            feature.MaxRequestBodySize = MaxBytes;
        }
        else if (feature is null)
        {
            context.Request.Body = new LimitedStream(context.Request.Body, MaxBytes);
        }
        await next(context);
    });

    /// <summary>Reads through to the inner stream and fails, as Kestrel does, once more than the limit was read.</summary>
    private sealed class LimitedStream(Stream inner, long limit) : Stream
    {
        private long _read;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => _read; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Count(inner.Read(buffer, offset, count));

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            Count(await inner.ReadAsync(buffer, cancellationToken));

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        private int Count(int read)
        {
            _read += read;
            if (_read > limit)
            {
                throw new BadHttpRequestException("The request body is too large.", StatusCodes.Status413PayloadTooLarge);
            }
            return read;
        }
    }
}
