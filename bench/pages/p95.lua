-- Prints latency percentiles (microseconds) after a wrk run.
done = function(summary, latency, requests)
  io.write(string.format("CIVITAS p50_us=%d p95_us=%d p99_us=%d errors=%d\n",
    latency:percentile(50), latency:percentile(95), latency:percentile(99),
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.status + summary.errors.timeout))
end
