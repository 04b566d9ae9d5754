package syncspec_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/warrenbrasil/customerdata/examples/sync/internal/syncspec"
	"github.com/warrenbrasil/customerdata/hubspot"
)

// good is a valid spec the cases break.
const good = `{
  "sources": [{"name": "p", "path": "p.csv", "identifiers": {"user_id": "user_id", "email": "email"},
               "traits": {"total": "number", "plan": "string"}, "observed_at": "at"}],
  "identity": {"limits": {"user_id": 1}},
  "traits": [{"name": "total", "kind": "number"}, {"name": "plan", "kind": "string"}],
  "audience": {"trait": "total", "op": "gte", "value": "1000"},
  "group": {"name": "cdp", "label": "CDP"},
  "mappings": [{"trait": "total", "property": "cdp_total", "label": "Total"},
               {"trait": "plan", "property": "cdp_plan", "label": "Plano"}],
  "mode": "mirror"
}`

func TestParseGood(t *testing.T) {
	s, err := syncspec.Parse([]byte(good), syncspec.Options{})
	require.NoError(t, err)
	cfg := s.SyncConfig()
	assert.Equal(t, hubspot.SyncMirror, cfg.Mode)
	assert.Equal(t, "", cfg.Key, "the e-mail is the default key")
	assert.Equal(t, []hubspot.Property{
		{Name: "cdp_total", Label: "Total", Type: "number", FieldType: "number", GroupName: "cdp"},
		{Name: "cdp_plan", Label: "Plano", Type: "string", FieldType: "text", GroupName: "cdp"},
	}, cfg.Properties)
}

func TestParseRefusesWithEveryPath(t *testing.T) {
	cases := []struct {
		name     string
		old, new []string // replacements in good, pairwise
		want     []string // the paths of the problems, in order
	}{
		{"not JSON", []string{`"mode": "mirror"`}, []string{`"mode": mirror`}, []string{""}},
		{"unknown fields everywhere",
			[]string{`"mode": "mirror"`, `"name": "p",`, `"label": "Total"`},
			[]string{`"mode": "mirror", "modo": 1`, `"name": "p", "file": "x",`, `"label": "Total", "fieldtype": "text"`},
			[]string{"modo", "sources[0].file", "mappings[0].fieldtype"}},
		{"sources", []string{`"user_id": "user_id", "email": "email"`, `"plan": "string"`, `"observed_at": "at"`},
			[]string{`"user_id": "userid", "email": "email"`, `"plan": "strin", "total2": "number"`, `"observed_at": "email"`},
			[]string{"sources[0].identifiers.user_id", "sources[0].traits.plan", "sources[0].traits.total2", "sources[0].observed_at"}},
		{"catalog and audience", []string{`{"name": "plan", "kind": "string"}`, `"op": "gte"`},
			[]string{`{"name": "plan", "kind": "string"}, {"name": "Plan", "kind": "text"}`, `"op": "gtx"`},
			[]string{"traits[2].kind", "traits[2].name", "audience.op"}},
		{"audience type error", []string{`"value": "1000"`}, []string{`"value": "mil"`}, []string{"audience.value"}},
		{"mappings", []string{`"property": "cdp_total", "label": "Total"`, `"property": "cdp_plan", "label": "Plano"`},
			[]string{`"property": "Saldo", "label": "", "type": "string"`, `"property": "cdp_plan", "label": "Plano", "field_type": "select"`},
			[]string{"mappings[0].property", "mappings[0].label", "mappings[0].type", "mappings[1].field_type"}},
		{"property written twice and a custom key", []string{`"cdp_plan"`, `"mode": "mirror"`},
			[]string{`"cdp_total"`, `"mode": "mirror", "contact_key": {"property": "email2x", "identifier": "account"}`},
			[]string{"contact_key.label", "contact_key.identifier", "mappings[1].property"}},
		{"identity, group and mode", []string{`{"user_id": 1}`, `"name": "cdp", "label": "CDP"`, `"mode": "mirror"`},
			[]string{`{"user_id": 0}`, `"name": "CDP", "label": ""`, `"mode": "sync"`},
			[]string{"identity.limits.user_id", "group.name", "group.label", "mode"}},
		{"segments property", []string{`"mode": "mirror"`},
			[]string{`"mode": "mirror", "segments_property": {"property": "cdp_segments", "label": "Segmentos", "segments": [
			  {"name": "vip", "label": "VIP", "segment": {"trait": "total", "op": "gte", "value": "100000"}},
			  {"name": "vip", "label": "", "segment": {"trait": "nope", "op": "exists"}}]}`},
			[]string{"segments_property.segments[1].name", "segments_property.segments[1].label", "segments_property.segments[1].segment.trait"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			doc := good
			for i := range tc.old {
				require.Contains(t, doc, tc.old[i])
				doc = strings.Replace(doc, tc.old[i], tc.new[i], 1)
			}
			_, err := syncspec.Parse([]byte(doc), syncspec.Options{})
			require.ErrorIs(t, err, syncspec.ErrInvalid)
			var ps syncspec.Problems
			require.True(t, errors.As(err, &ps))
			var paths []string
			for _, p := range ps {
				paths = append(paths, p.Path)
			}
			assert.Equal(t, tc.want, paths, err.Error())
		})
	}
}
