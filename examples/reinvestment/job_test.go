package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/warrenbrasil/customerdata/examples/reinvestment/internal/alert"
	"github.com/warrenbrasil/customerdata/hubspot/hubspottest"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden from this run")

// result is one run of the job in a test.
type result struct {
	code           int
	stdout, stderr string
	deadLetters    string // path of the run's dead-letter file
}

// runJob runs the job against srv with args, in a temporary directory for
// the dead letters, with backoff shortened so faults do not slow the test.
func runJob(t *testing.T, srv *hubspottest.Server, args ...string) result {
	t.Helper()
	env := map[string]string{}
	if srv != nil {
		env["HUBSPOT_ACCESS_TOKEN"] = srv.Token
		env["HUBSPOT_BASE_URL"] = srv.URL
	}
	return runJobEnv(t, env, nil, args...)
}

// sampleArgs gives the embedded sample as input files (and its as-of
// date).
func sampleArgs(t *testing.T, asOf bool) []string {
	t.Helper()
	dir := t.TempDir()
	positions, identities := filepath.Join(dir, "positions.csv"), filepath.Join(dir, "identities.ndjson")
	require.NoError(t, os.WriteFile(positions, samplePositions, 0o600))
	require.NoError(t, os.WriteFile(identities, sampleIdentities, 0o600))
	args := []string{"-positions", positions, "-identities", identities}
	if asOf {
		args = append(args, "-as-of", sampleAsOf.String())
	}
	return args
}

// testIdentityKey keys the person IDs of the tests' runs.
const testIdentityKey = "test-identity-key-0123456789abcdef"

// runJobEnv is runJob with its environment and a further adjustment of the
// job. A "-dead-letter" in args replaces the temporary one.
func runJobEnv(t *testing.T, env map[string]string, adjust func(*job), args ...string) result {
	t.Helper()
	if _, set := env["CDP_IDENTITY_KEY"]; !set && env["HUBSPOT_ACCESS_TOKEN"] != "" {
		env = maps.Clone(env)
		env["CDP_IDENTITY_KEY"] = testIdentityKey
	}
	if env["HUBSPOT_ACCESS_TOKEN"] != "" && !slices.Contains(args, "-positions") && !slices.Contains(args, "-dry-run") {
		// The embedded sample never goes to a HubSpot reached with a token:
		// give it as files, with its as-of date.
		args = append(sampleArgs(t, !slices.Contains(args, "-as-of")), args...)
	}
	dl := filepath.Join(t.TempDir(), "dead-letters.ndjson")
	for i, a := range args {
		if a == "-dead-letter" && i+1 < len(args) {
			dl = args[i+1]
		}
	}
	args = append([]string{"-dead-letter", dl, "-requests-per-10s", "100000"}, args...)
	var stdout, stderr bytes.Buffer
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	code := runWith(ctx, args, func(k string) string { return env[k] }, &stdout, &stderr, false, func(j *job) {
		j.RetryBase = time.Millisecond
		j.settleDelay = 0
		if adjust != nil {
			adjust(j)
		}
	})
	return result{code: code, stdout: stdout.String(), stderr: stderr.String(), deadLetters: dl}
}

// cdpContacts returns, by e-mail, the cdp_* properties of every contact that
// has any set.
func cdpContacts(srv *hubspottest.Server) map[string]map[string]string {
	out := map[string]map[string]string{}
	for _, c := range srv.Contacts() {
		props := map[string]string{}
		for _, name := range []string{alert.PropAmount, alert.PropNext, alert.PropCount, alert.PropProducts} {
			if v := c.Properties[name]; v != "" {
				props[name] = v
			}
		}
		if len(props) > 0 {
			out[c.Properties["email"]] = props
		}
	}
	return out
}

func readDeadLetters(t *testing.T, path string) []map[string]any {
	t.Helper()
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	var out []map[string]any
	for _, line := range strings.Split(strings.TrimSpace(string(data)), "\n") {
		if line == "" {
			continue
		}
		var m map[string]any
		require.NoError(t, json.Unmarshal([]byte(line), &m), line)
		out = append(out, m)
	}
	return out
}

func TestSampleRun(t *testing.T) {
	srv := hubspottest.NewServer()
	defer srv.Close()
	r := runJob(t, srv)
	require.Equal(t, exitOK, r.code, "stdout:\n%s\nstderr:\n%s", r.stdout, r.stderr)

	got := cdpContacts(srv)

	// Hand-checked against sample/positions.csv and sample/identities.ndjson
	// (as-of Fri 2026-02-13; Carnival Mon 16 and Tue 17; due = paid Wed 18 or Thu 19).
	// u-1007 is known by user_id on the platform and by CPF in core banking,
	// linked through the e-mail: P00014 213001.87 (Tue 17 -> Wed 18),
	// P00016 878.57 (Thu 19), and by CPF only P00015 126228.79 (Wed 18),
	// P00017 20.24 (Sat 14 -> Wed 18), P00018 993.79 (Mon 16 -> Wed 18).
	xenia := got["xenia.ferreira7@exemplo.com.br"]
	assert.Equal(t, "341123.26", xenia[alert.PropAmount])
	assert.Equal(t, "2026-02-18", xenia[alert.PropNext])
	assert.Equal(t, "5", xenia[alert.PropCount])
	// u-1021 changed address: the newest one is the contact.
	assert.Equal(t, map[string]string{
		alert.PropAmount: "2352.06", alert.PropNext: "2026-02-18", alert.PropCount: "4",
		alert.PropProducts: "Debênture Energia Sul (DEBENTURE): vence em 14/02/2026 (pago em 18/02/2026), R$ 473,02\n" +
			"CRI Imobiliário Delta (CRI): vence em 15/02/2026 (pago em 18/02/2026), R$ 948,22\n" +
			"LC Financeira Sigma (LC): vence em 18/02/2026, R$ 781,97\n" +
			"Debênture Energia Sul (DEBENTURE): vence em 19/02/2026, R$ 148,85",
	}, got["rafael.souza21@exemplo.com.br"])
	assert.NotContains(t, got, "antigo.rafael.souza21@exemplo.com.br")
	// u-1030 and u-1031 share a family address; the link of u-1031 to it
	// was refused, so each sees only their own money.
	assert.Equal(t, "9596.00", got["familia.oliveira@exemplo.com.br"][alert.PropAmount])
	assert.Equal(t, "176781.81", got["joao.ferreira31@exemplo.com.br"][alert.PropAmount])
	// u-1040's CRM sent a typo'd CPF and test@test.com: both dropped.
	assert.Equal(t, "2588.00", got["ursula.ferreira40@exemplo.com.br"][alert.PropAmount])
	assert.NotContains(t, got, "test@test.com")

	// The whole result, pinned.
	golden := filepath.Join("testdata", "sample_contacts.golden.json")
	if *update {
		data, err := json.MarshalIndent(got, "", "  ")
		require.NoError(t, err)
		require.NoError(t, os.WriteFile(golden, append(data, '\n'), 0o644))
	}
	data, err := os.ReadFile(golden)
	require.NoError(t, err)
	var want map[string]map[string]string
	require.NoError(t, json.Unmarshal(data, &want))
	assert.Equal(t, want, got)

	// Persons with due positions and no e-mail: dead letters, not failures.
	letters := readDeadLetters(t, r.deadLetters)
	var reasons []string
	var amounts []string
	for _, l := range letters {
		reasons = append(reasons, l["reason"].(string))
		amounts = append(amounts, l["payload"].(map[string]any)[alert.PropAmount].(string))
	}
	assert.Equal(t, []string{"no_email", "no_email"}, reasons)
	// u-1013 (no e-mail anywhere): 73216.92 + 4888.00; u-9999 (never observed): 161798.04.
	assert.ElementsMatch(t, []string{"78104.92", "161798.04"}, amounts)

	assert.Contains(t, r.stdout, "contacts created            28")
	assert.Contains(t, r.stdout, "without e-mail            2")
	assert.Zero(t, srv.Count429())

	// The schema was created with Portuguese labels.
	var labels []string
	for _, p := range srv.Properties("contacts") {
		if p.GroupName == alert.GroupName {
			labels = append(labels, p.Label)
		}
	}
	assert.ElementsMatch(t, []string{"Valor disponível para reinvestimento", "Próximo vencimento", "Posições a vencer", "Produtos a vencer"}, labels)
}

func TestBadInputExits2AndSendsNothing(t *testing.T) {
	dir := t.TempDir()
	positions := filepath.Join(dir, "positions.csv")
	require.NoError(t, os.WriteFile(positions, []byte(
		"position_id,user_id,cpf,product_name,product_type,maturity_date,amount\n"+
			"P1,u-1,,CDB,CDB,2026-02-18,100.00\n"+
			"P2,u-2,,CDB,CDB,18/02/2026,100.00\n"), 0o644))
	srv := hubspottest.NewServer()
	defer srv.Close()
	r := runJob(t, srv, "-positions", positions)
	assert.Equal(t, exitUsage, r.code)
	assert.Contains(t, r.stderr, `positions.csv: line 3, column maturity_date: invalid date "18/02/2026": write dates as YYYY-MM-DD`)
	assert.Contains(t, r.stderr, "nothing was sent")
	assert.Empty(t, srv.Requests())
	assert.NoFileExists(t, r.deadLetters)

	good := filepath.Join(dir, "good.csv")
	require.NoError(t, os.WriteFile(good, []byte(
		"position_id,user_id,cpf,product_name,product_type,maturity_date,amount\n"+
			"P1,u-1,,CDB,CDB,2026-02-18,100.00\n"), 0o644))
	bad := filepath.Join(dir, "identities.ndjson")
	require.NoError(t, os.WriteFile(bad, []byte("{\"source\":\"crm\",\"observed_at\":\"2026-01-01T00:00:00Z\",\"identifiers\":{\"user_id\":\"u-1\"}}\n{not json\n"), 0o644))
	r = runJob(t, srv, "-positions", good, "-identities", bad, "-as-of", "2026-02-13")
	assert.Equal(t, exitUsage, r.code)
	assert.Contains(t, r.stderr, "identities "+bad+": identity: line 2")
	assert.Empty(t, srv.Requests())
}

func TestUsageErrors(t *testing.T) {
	for _, args := range [][]string{
		{"-as-of", "2026-13-01"},
		{"-lead", "0"},
		{"-calendar", "nyse"},
		{"-owner", "1"},
		{"-bogus"},
		{"extra"},
	} {
		r := runJob(t, nil, args...)
		assert.Equal(t, exitUsage, r.code, "%v: %s", args, r.stderr)
		assert.NoFileExists(t, r.deadLetters, "%v", args)
	}
}

func TestDryRunWritesNothing(t *testing.T) {
	srv := hubspottest.NewServer()
	defer srv.Close()
	state := filepath.Join(t.TempDir(), "state.json")
	r := runJob(t, srv, "-dry-run", "-tasks", "-state", state)
	require.Equal(t, exitOK, r.code, r.stderr)
	assert.Empty(t, srv.Requests())
	assert.NoFileExists(t, r.deadLetters)
	assert.NoFileExists(t, state)
	assert.Contains(t, r.stdout, "Plan: write 28 contacts")
	assert.Regexp(t, `x\*\*\*@exemplo\.com\.br#[0-9a-f]{8}\s+upsert\s+341123\.26\s+2026-02-18\s+5\n`, r.stdout)
}

func TestRerunWithState(t *testing.T) {
	srv := hubspottest.NewServer()
	defer srv.Close()
	state := filepath.Join(t.TempDir(), "state.json")

	first := runJob(t, srv, "-state", state)
	require.Equal(t, exitOK, first.code, first.stderr)
	before := cdpContacts(srv)
	upserts := countRequests(srv, "/batch/upsert")
	require.Positive(t, upserts)

	// Nothing changed: nothing is sent.
	second := runJob(t, srv, "-state", state)
	require.Equal(t, exitOK, second.code, second.stderr)
	assert.Equal(t, upserts, countRequests(srv, "/batch/upsert"), "the rerun sent upserts")
	assert.Contains(t, second.stdout, "contacts unchanged          28")
	assert.Equal(t, before, cdpContacts(srv))

	// A week later every position of the first run has been paid: their
	// contacts leave the window and are cleared; the new window's arrive.
	third := runJob(t, srv, "-state", state, "-as-of", "2026-02-19", "-allow-mass-clear")
	require.Equal(t, exitOK, third.code, third.stderr)
	after := cdpContacts(srv)
	left := 0
	for email := range before {
		if _, still := after[email]; still {
			continue
		}
		left++
		c, ok := srv.Contact(email)
		require.True(t, ok, email)
		for _, p := range []string{alert.PropAmount, alert.PropNext, alert.PropCount, alert.PropProducts} {
			assert.Empty(t, c.Properties[p], "%s %s not cleared", email, p)
		}
	}
	require.Positive(t, left)
	assert.Contains(t, third.stdout, fmt.Sprintf("contacts cleared            %d\n", left))
	for email, props := range after {
		assert.Contains(t, []string{"2026-02-20", "2026-02-23"}, props[alert.PropNext], email)
	}

	// Clearing again is a no-op: the cleared contacts left the state.
	upserts = countRequests(srv, "/batch/upsert")
	fourth := runJob(t, srv, "-state", state, "-as-of", "2026-02-19")
	require.Equal(t, exitOK, fourth.code, fourth.stderr)
	assert.Contains(t, fourth.stdout, "contacts cleared            0\n")
	assert.Equal(t, upserts, countRequests(srv, "/batch/upsert"), "the rerun sent upserts")
}

func countRequests(srv *hubspottest.Server, suffix string) int {
	n := 0
	for _, r := range srv.Requests() {
		if strings.HasSuffix(r.Path, suffix) {
			n++
		}
	}
	return n
}

func TestFaultsGiveTheCleanState(t *testing.T) {
	clean := hubspottest.NewServer()
	defer clean.Close()
	r := runJob(t, clean, "-tasks")
	require.Equal(t, exitOK, r.code, r.stderr)
	want := cdpContacts(clean)
	wantTasks := taskSummary(clean)
	require.Len(t, wantTasks, 28)

	for seed := int64(1); seed <= 5; seed++ {
		t.Run(fmt.Sprint("seed ", seed), func(t *testing.T) {
			faulty := hubspottest.NewServer(hubspottest.WithFaults(hubspottest.Faults{
				ServerError: 0.10, Reset: 0.05, ApplyThenFail: 0.05, Seed: seed,
			}))
			defer faulty.Close()
			r := runJob(t, faulty, "-tasks")
			require.Equal(t, exitOK, r.code, "stdout:\n%s\nstderr:\n%s", r.stdout, r.stderr)

			assert.Equal(t, want, cdpContacts(faulty))
			assert.Len(t, faulty.Contacts(), len(clean.Contacts()), "duplicate contacts")
			assert.Equal(t, wantTasks, taskSummary(faulty), "missing or duplicate tasks")
			var faults int
			for _, req := range faulty.Requests() {
				if req.Status >= 500 || req.Status == 0 {
					faults++
				}
			}
			assert.Positive(t, faults, "no fault was injected")
		})
	}
}

// taskSummary maps each task's marker to its subject and contact count, and
// fails on a marker seen twice.
// taskSummary maps each task, by the e-mail of its contact and its payment
// date, to its subject ("DUPLICATE" when there are two). The marker holds the
// contact id, which differs between servers.
func taskSummary(srv *hubspottest.Server) map[string]string {
	emails := map[string]string{}
	for _, c := range srv.Contacts() {
		emails[c.ID] = c.Properties["email"]
	}
	out := map[string]string{}
	for _, task := range srv.Tasks() {
		marker := strings.Split(task.Properties["cdp_task_key"], ":")
		if len(marker) != 3 || len(task.Associations) != 1 || task.Associations[0].ToID != marker[1] {
			out[task.Properties["cdp_task_key"]] = "BAD MARKER OR ASSOCIATION"
			continue
		}
		key := emails[marker[1]] + " " + marker[2]
		if _, dup := out[key]; dup {
			out[key] = "DUPLICATE"
			continue
		}
		out[key] = task.Properties["hs_task_subject"]
	}
	return out
}
