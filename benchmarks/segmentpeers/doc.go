// Package segmentpeers measures segment.Matcher.Match side by side with two
// general-purpose expression engines, github.com/expr-lang/expr and
// github.com/google/cel-go, on the same predicate and the same profiles.
//
// It is a separate module so that neither engine ever enters the
// dependencies of github.com/warrenbrasil/customerdata. It holds only
// benchmarks and the test that the three engines agree; see README.md.
package segmentpeers
