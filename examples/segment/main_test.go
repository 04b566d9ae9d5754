package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func runSegment(t *testing.T, stdin string, args ...string) (int, string, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	now := func() time.Time { return time.Date(2026, 2, 13, 15, 0, 0, 0, time.UTC) }
	code := run(context.Background(), args, strings.NewReader(stdin), &out, &errOut, now)
	return code, out.String(), errOut.String()
}

func TestSampleMembers(t *testing.T) {
	// As of Fri 2026-02-13 (Carnival Mon 16 and Tue 17), 2 ANBIMA business
	// days reach Thu 19. Ana (15000.00, Wed 18, "Private") and Carla
	// (250000.10, Thu 19, "varejo" but 4 app opens in 30 days) are in;
	// Bruno has 999.99, Diego matures Fri 20, Eduarda opted out, Felipe has
	// no amount.
	code, out, errOut := runSegment(t, "",
		"-segment", "sample/segment.json", "-profiles", "sample/profiles.ndjson",
		"-events", "sample/events.ndjson", "-catalog", "sample/catalog.json", "-explain")
	require.Equal(t, 0, code, errOut)
	assert.Contains(t, out, "As of 2026-02-13: 2 of 6 profiles are members\n  p-ana\n  p-carla\n")
	assert.Contains(t, out, "✗ reinvestable amount ≥ 1000 (seen 999.99)")
	assert.Contains(t, out, "✓ app opened at least 3 times in the last 30 days (seen 4 matching events)")
	assert.Contains(t, out, "✓ email opt out = true (seen true)")
}

func TestInferredCatalogFromStdin(t *testing.T) {
	profiles, err := os.ReadFile("sample/profiles.ndjson")
	require.NoError(t, err)
	seg := filepath.Join(t.TempDir(), "seg.json")
	require.NoError(t, os.WriteFile(seg, []byte(`{"trait":"cdp_reinvestable_amount","op":"between","from":"1000","to":"15000"}`), 0o644))
	code, out, errOut := runSegment(t, string(profiles), "-segment", seg, "-as-of", "2026-02-13")
	require.Equal(t, 0, code, errOut)
	assert.Contains(t, out, "3 of 6 profiles are members\n  p-ana\n  p-diego\n  p-eduarda\n")
}

func TestBadSegmentNamesThePath(t *testing.T) {
	seg := filepath.Join(t.TempDir(), "seg.json")
	require.NoError(t, os.WriteFile(seg, []byte(`{"all":[{"trait":"cdp_reinvestable_amount","op":"gtx","value":"1"},{"trait":"cdp_next_expiry_date","op":"gt","value":"5"}]}`), 0o644))
	code, _, errOut := runSegment(t, "", "-segment", seg, "-profiles", "sample/profiles.ndjson", "-catalog", "sample/catalog.json", "-as-of", "2026-02-13")
	assert.Equal(t, 2, code)
	assert.Contains(t, errOut, `all[0].op: unknown operator "gtx"`)

	require.NoError(t, os.WriteFile(seg, []byte(`{"all":[{"trait":"cdp_next_expiry_date","op":"gt","value":"5"}]}`), 0o644))
	code, _, errOut = runSegment(t, "", "-segment", seg, "-profiles", "sample/profiles.ndjson", "-catalog", "sample/catalog.json", "-as-of", "2026-02-13")
	assert.Equal(t, 2, code)
	assert.Contains(t, errOut, "all[0].value")
}

func TestBadProfileLineIsReported(t *testing.T) {
	seg := filepath.Join(t.TempDir(), "seg.json")
	require.NoError(t, os.WriteFile(seg, []byte(`{"trait":"cdp_segment","op":"exists"}`), 0o644))
	in := `{"id":"a","traits":{"cdp_segment":{"value":{"kind":"string","value":"x"},"observed_at":"2026-01-01T00:00:00Z"}}}` + "\n{oops\n"
	code, out, errOut := runSegment(t, in, "-segment", seg, "-as-of", "2026-02-13")
	assert.Equal(t, 1, code)
	assert.Contains(t, errOut, "line 2")
	assert.Contains(t, out, "1 of 1 profiles are members\n  a\n")
}

func TestUsage(t *testing.T) {
	for _, args := range [][]string{{}, {"-segment", "nope.json"}, {"-segment", "sample/segment.json", "-as-of", "x"}, {"-bad"}} {
		code, _, _ := runSegment(t, "", args...)
		assert.Equal(t, 2, code, "%v", args)
	}
}

// TestEventsMatchNormalisedAndOutputMasked checks that an event reaches a
// profile whose identifier is written differently, and that e-mail
// addresses in profile IDs and values seen are masked.
func TestEventsMatchNormalisedAndOutputMasked(t *testing.T) {
	dir := t.TempDir()
	seg := filepath.Join(dir, "seg.json")
	require.NoError(t, os.WriteFile(seg, []byte(`{"any":[{"event":"app_opened","at_least":1,"within_days":30},{"trait":"contact","op":"exists"}]}`), 0o644))
	events := filepath.Join(dir, "events.ndjson")
	require.NoError(t, os.WriteFile(events, []byte(`{"id":"e1","name":"app_opened","time":"2026-02-10T10:00:00Z","source":"app","identifiers":[{"type":"cpf","value":"560.726.588-90"}]}`+"\n"), 0o644))
	profiles := `{"id":"maria.souza@exemplo.com.br","identifiers":[{"type":"cpf","value":"56072658890"}],"traits":{"contact":{"value":{"kind":"string","value":"call 11991234567"},"observed_at":"2026-01-01T00:00:00Z"}}}` + "\n"
	code, out, errOut := runSegment(t, profiles, "-segment", seg, "-events", events, "-as-of", "2026-02-13", "-explain")
	require.Equal(t, 0, code, errOut)
	assert.Contains(t, out, "✓ app opened at least once in the last 30 days (seen 1 matching event)")
	assert.Contains(t, out, "1 of 1 profiles are members\n  m***@exemplo.com.br#")
	for _, s := range []string{"maria.souza", "11991234567"} {
		assert.NotContains(t, out, s)
	}
}
