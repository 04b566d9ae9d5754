package identity

// Partition returns the partition, 0 to n-1, of the person with canonical
// ID personID, for splitting the persons of a graph between n tasks (the
// executors of a Spark or Databricks job, the shards of a batch run). It
// panics when n < 1.
//
// Partition by the canonical person ID, as Graph.Resolve returns it, after
// a global stitch of all observations: never by one of the person's
// identifiers (an e-mail, a CPF). A person's identifiers hash apart, so
// partitioning by identifier sends them to different tasks, each of which
// would stitch part of the person and publish its own partial person ID.
// By person ID, every identifier of a person, and every record resolved to
// it, meets in one task.
//
// The partition is stable across releases, processes and machines: it is
// the 64-bit FNV-1a hash of the ID's bytes (offset basis
// 14695981039346656037, prime 1099511628211; see
// http://www.isthe.com/chongo/tech/comp/fnv/) modulo n. A job may store it,
// or compute it in another language, and get the same answer. It does not
// depend on Config.Key, except through the ID itself: a keyed ID and an
// unkeyed ID of one person usually fall in different partitions.
func Partition(personID string, n int) int {
	if n < 1 {
		panic("identity: Partition: n must be at least 1")
	}
	const (
		offset64 = 14695981039346656037
		prime64  = 1099511628211
	)
	h := uint64(offset64)
	for i := 0; i < len(personID); i++ {
		h ^= uint64(personID[i])
		h *= prime64
	}
	return int(h % uint64(n))
}
