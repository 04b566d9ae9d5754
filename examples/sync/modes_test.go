package main

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/warrenbrasil/customerdata/cdp"
	"github.com/warrenbrasil/customerdata/hubspot"
)

// sampleContacts are what the embedded example writes: five audience
// members, one without an e-mail (a no_key dead letter).
var sampleContacts = map[string]map[string]string{
	"ana.souza@exemplo.com.br": {"cdp_total_invested": "250000.00", "cdp_investor_profile": "arrojado", "cdp_next_maturity": "2026-03-16",
		"cdp_last_login_at": "2026-02-13T10:45:00.000Z", "cdp_segments": "alto_patrimonio;perfil_arrojado;ativo_no_app"},
	"bruno.lima@exemplo.com.br": {"cdp_total_invested": "1500.50", "cdp_investor_profile": "moderado"},
	"carla.dias@exemplo.com.br": {"cdp_total_invested": "80000", "cdp_investor_profile": "conservador", "cdp_next_maturity": "2026-04-01",
		"cdp_last_login_at": "2026-02-13T00:15:00.000Z", "cdp_segments": "ativo_no_app"},
	"fabio.novo@exemplo.com.br": {"cdp_total_invested": "120000", "cdp_investor_profile": "arrojado",
		"cdp_last_login_at": "2026-02-11T11:00:00.000Z", "cdp_segments": "alto_patrimonio;perfil_arrojado;ativo_no_app"},
}

func TestUpsertCreatesThenUpdates(t *testing.T) {
	srv := newServer(t)
	spec := sampleDir(t, map[string]string{"spec.json": specWith(t, `"mode": "mirror"`, `"mode": "upsert"`)})
	state := filepath.Join(t.TempDir(), "state.json")

	r := runJob(t, realEnv(srv), "-spec", spec, "-state", state, "-tier", "unlimited")
	require.Equal(t, exitOK, r.code, r.stderr)
	assert.Equal(t, sampleContacts, contacts(srv, managed...))
	assert.Contains(t, r.stdout, "contacts created                     4\n")
	assert.Contains(t, r.stdout, "contacts updated                     0\n")
	assert.Contains(t, r.stdout, "no_key                             1")

	// Bruno invests more: only his contact is written again.
	csv, err := sample.ReadFile("sample/platform.csv")
	require.NoError(t, err)
	more := strings.Replace(string(csv), "1500.50,moderado,true,,2026-02-10T09:00:00-03:00", "2000,moderado,true,,2026-02-12T09:00:00-03:00", 1)
	require.NoError(t, writeFile(filepath.Join(filepath.Dir(spec), "platform.csv"), more))
	r = runJob(t, realEnv(srv), "-spec", spec, "-state", state, "-tier", "unlimited")
	require.Equal(t, exitOK, r.code, r.stderr)
	want := cloneContacts(sampleContacts)
	want["bruno.lima@exemplo.com.br"]["cdp_total_invested"] = "2000"
	assert.Equal(t, want, contacts(srv, managed...))
	assert.Contains(t, r.stdout, "contacts created                     0\n")
	assert.Contains(t, r.stdout, "contacts updated                     1\n")
	assert.Contains(t, r.stdout, "contacts unchanged                   3\n")
	assert.Contains(t, r.stdout, "contacts cleared                     0\n")
}

func TestUpdateTouchesOnlyExistingContacts(t *testing.T) {
	srv := newServer(t)
	c, err := hubspot.New(srv.Token, hubspot.WithBaseURL(srv.URL), hubspot.WithLimits(hubspot.Unlimited()))
	require.NoError(t, err)
	_, err = c.Contacts.BatchUpsert(context.Background(), "email", []hubspot.UpsertInput{
		{ID: "ana.souza@exemplo.com.br", Properties: hubspot.Properties{"firstname": cdp.StringValue("Ana")}}})
	require.NoError(t, err)
	spec := sampleDir(t, map[string]string{"spec.json": specWith(t, `"mode": "mirror"`, `"mode": "update"`)})

	r := runJob(t, realEnv(srv), "-spec", spec, "-tier", "unlimited")
	require.Equal(t, exitOK, r.code, "not_found and no_key describe the data: %s", r.stderr)
	assert.Equal(t, map[string]map[string]string{"ana.souza@exemplo.com.br": sampleContacts["ana.souza@exemplo.com.br"]},
		contacts(srv, managed...), "no contact is created")
	assert.Contains(t, r.stdout, "not_found                          3")
	assert.Contains(t, r.stdout, "contacts created                     0\n")
	assert.Contains(t, r.stdout, "contacts updated                     1\n")
}

func TestMirrorClearsOnlyContactsThatLeftAndGuardsMassClears(t *testing.T) {
	srv := newServer(t)
	spec := sampleDir(t, nil)
	state := filepath.Join(t.TempDir(), "state.json")
	r := runJob(t, realEnv(srv), "-spec", spec, "-state", state, "-tier", "unlimited")
	require.Equal(t, exitOK, r.code, r.stderr)

	// Carla opts out in the app: she leaves the audience.
	app, err := sample.ReadFile("sample/app.ndjson")
	require.NoError(t, err)
	out := string(app) + `{"user_id":"u-1003","opt_in_marketing":false,"seen_at":"2026-02-14T08:00:00-03:00"}` + "\n"
	require.NoError(t, writeFile(filepath.Join(filepath.Dir(spec), "app.ndjson"), out))
	r = runJob(t, realEnv(srv), "-spec", spec, "-state", state, "-tier", "unlimited")
	require.Equal(t, exitOK, r.code, r.stderr)
	want := cloneContacts(sampleContacts)
	want["carla.dias@exemplo.com.br"] = map[string]string{}
	assert.Equal(t, want, contacts(srv, managed...))
	assert.Contains(t, r.stdout, "contacts unchanged                   3\n")
	assert.Contains(t, r.stdout, "contacts cleared                     1\n")

	// An export truncated to its header would clear everyone: refused.
	header := "user_id,email,cpf,total_invested,investor_profile,opt_in_marketing,next_maturity,updated_at\n"
	require.NoError(t, writeFile(filepath.Join(filepath.Dir(spec), "platform.csv"), header))
	before := writes(srv)
	r = runJob(t, realEnv(srv), "-spec", spec, "-state", state, "-tier", "unlimited")
	assert.Equal(t, exitRefused, r.code, r.stderr)
	assert.Contains(t, r.stderr, "-allow-mass-clear")
	assert.Equal(t, before, writes(srv), "the guard refuses before any write")
	assert.Equal(t, want, contacts(srv, managed...))

	r = runJob(t, realEnv(srv), "-spec", spec, "-state", state, "-tier", "unlimited", "-allow-mass-clear")
	require.Equal(t, exitOK, r.code, r.stderr)
	assert.Contains(t, r.stdout, "contacts unchanged                   0\n")
	assert.Contains(t, r.stdout, "contacts cleared                     3\n")
}

func TestSegmentsPropertyIsAMultiSelect(t *testing.T) {
	srv := newServer(t)
	r := runJob(t, realEnv(srv), "-spec", sampleDir(t, nil), "-fake-hubspot")
	require.Equal(t, exitRefused, r.code, "-fake-hubspot with a token is refused")

	spec := sampleDir(t, map[string]string{"spec.json": specWith(t, `"mode": "mirror"`, `"mode": "upsert"`)})
	r = runJob(t, realEnv(srv), "-spec", spec, "-tier", "unlimited")
	require.Equal(t, exitOK, r.code, r.stderr)
	c, err := hubspot.New(srv.Token, hubspot.WithBaseURL(srv.URL))
	require.NoError(t, err)
	p, err := c.Properties.Get(context.Background(), "contacts", "cdp_segments")
	require.NoError(t, err)
	assert.Equal(t, []string{"enumeration", "checkbox", "cdp_profile"}, []string{p.Type, p.FieldType, p.GroupName})
	var values []string
	for _, o := range p.Options {
		values = append(values, o.Value)
	}
	assert.Equal(t, []string{"alto_patrimonio", "perfil_arrojado", "ativo_no_app"}, values)
	got := contacts(srv, "cdp_segments")
	assert.Equal(t, "alto_patrimonio;perfil_arrojado;ativo_no_app", got["ana.souza@exemplo.com.br"]["cdp_segments"])
	assert.Equal(t, map[string]string{}, got["bruno.lima@exemplo.com.br"], "a member of no segment has the property empty")
}

func cloneContacts(m map[string]map[string]string) map[string]map[string]string {
	out := make(map[string]map[string]string, len(m))
	for k, v := range m {
		props := make(map[string]string, len(v))
		for n, x := range v {
			props[n] = x
		}
		out[k] = props
	}
	return out
}
