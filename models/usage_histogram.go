package models

import "sort"

// LatencyBounds are the upper bounds (exclusive, in ms) of the latency
// histogram's buckets: 1, 2, 4, 6, 8 ms, then 10 steps per decade (×1.25,
// 1.5, 2, 2.5, 3, 4, 5, 6, 8) up to 1,000,000 ms. A last bucket holds
// everything slower. A percentile read from the histogram lies in the same
// bucket as the exact one, so it is off by less than that bucket's width
// (at most a third of the value above 10 ms).
var LatencyBounds = func() []float64 {
	b := []float64{1, 2, 4, 6, 8}
	steps := []float64{1, 1.25, 1.5, 2, 2.5, 3, 4, 5, 6, 8}
	for d := 10.0; d < 1_000_000; d *= 10 {
		for _, s := range steps {
			b = append(b, d*s)
		}
	}
	return append(b, 1_000_000)
}()

// HistBuckets is the number of histogram buckets (h00..h56 in the rollups).
const HistBuckets = 57

func init() {
	if len(LatencyBounds)+1 != HistBuckets {
		panic("models: latency bounds and rollup columns disagree")
	}
}

// Histogram counts latencies per bucket of LatencyBounds.
type Histogram [HistBuckets]int64

// LatencyBucket is the bucket a latency in ms falls into.
func LatencyBucket(ms int64) int {
	return sort.Search(len(LatencyBounds), func(i int) bool { return float64(ms) < LatencyBounds[i] })
}

// Add counts one latency.
func (h *Histogram) Add(ms int64) { h[LatencyBucket(ms)]++ }

// Merge adds o's counts to h.
func (h *Histogram) Merge(o *Histogram) {
	for i := range h {
		h[i] += o[i]
	}
}

// Count is the number of latencies counted.
func (h *Histogram) Count() int64 {
	var n int64
	for _, c := range h {
		n += c
	}
	return n
}

// BucketRange is bucket i's [lower, upper) in ms; the last bucket's upper
// is its lower bound (nothing better is known about it).
func BucketRange(i int) (lo, hi float64) {
	if i > 0 {
		lo = LatencyBounds[i-1]
	}
	if i < len(LatencyBounds) {
		hi = LatencyBounds[i]
	} else {
		hi = lo
	}
	return lo, hi
}

// Percentile estimates the p-th percentile (nearest rank, as the exact
// definition: the ceil(n·p/100)-th smallest value) by interpolating inside
// the bucket that holds that rank. 0 when nothing was counted.
func (h *Histogram) Percentile(p float64) int64 {
	n := h.Count()
	if n == 0 {
		return 0
	}
	rank := int64(float64(n)*p/100 + 0.999999999)
	if rank < 1 {
		rank = 1
	}
	var seen int64
	for i, c := range h {
		if c == 0 || seen+c < rank {
			seen += c
			continue
		}
		lo, hi := BucketRange(i)
		// The rank-th value is the (rank-seen)-th of c values spread
		// evenly over [lo, hi).
		v := lo + (hi-lo)*(float64(rank-seen)-0.5)/float64(c)
		return int64(v + 0.5)
	}
	return 0
}
