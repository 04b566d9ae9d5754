package hubspot_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/warrenbrasil/customerdata/cdp"
	"github.com/warrenbrasil/customerdata/hubspot"
	"github.com/warrenbrasil/customerdata/hubspot/hubspottest"
)

func newByKeyClient(t *testing.T, srv *hubspottest.Server) *hubspot.Client {
	t.Helper()
	c, err := hubspot.New(srv.Token, hubspot.WithBaseURL(srv.URL), hubspot.WithLimits(hubspot.Unlimited()))
	require.NoError(t, err)
	return c
}

func TestReadByKey(t *testing.T) {
	srv := hubspottest.NewServer()
	defer srv.Close()
	c := newByKeyClient(t, srv)
	ctx := context.Background()
	var in []hubspot.UpsertInput
	var keys []string
	for i := range 230 {
		email := fmt.Sprintf("Cliente%03d@Exemplo.com.br", i)
		in = append(in, hubspot.UpsertInput{ID: email, Properties: hubspot.Properties{"firstname": cdp.StringValue(fmt.Sprint("n", i))}})
		if i%2 == 0 {
			keys = append(keys, strings.ToLower(email))
		}
	}
	for start := 0; start < len(in); start += hubspot.MaxBatchInputs {
		_, err := c.Contacts.BatchUpsert(ctx, hubspot.KeyEmail, in[start:min(start+hubspot.MaxBatchInputs, len(in))])
		require.NoError(t, err)
	}
	keys = append(keys, "nobody@exemplo.com.br")
	before := len(srv.Requests())

	got, err := c.Contacts.ReadByKey(ctx, keys, hubspot.KeyEmail, []string{"firstname"})
	require.NoError(t, err)
	assert.Len(t, got, 115)
	assert.NotContains(t, got, "nobody@exemplo.com.br")
	assert.Equal(t, "n42", got["cliente042@exemplo.com.br"].Properties["firstname"])
	assert.Len(t, srv.Requests()[before:], 2, "116 keys: two batches")

	none, err := c.Contacts.ReadByKey(ctx, nil, hubspot.KeyEmail, nil)
	require.NoError(t, err)
	assert.Empty(t, none)
}

func TestReadByKeyNamesTheBatchNotTheKey(t *testing.T) {
	srv := hubspottest.NewServer(hubspottest.WithFaults(hubspottest.Faults{ServerError: 1, Seed: 1}))
	defer srv.Close()
	c, err := hubspot.New(srv.Token, hubspot.WithBaseURL(srv.URL), hubspot.WithLimits(hubspot.Unlimited()), hubspot.WithRetry(hubspot.NoRetry()))
	require.NoError(t, err)
	_, err = c.Contacts.ReadByKey(context.Background(), []string{"ana@exemplo.com.br"}, hubspot.KeyEmail, nil)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "reading contacts 1 to 1 of 1 by email")
	assert.NotContains(t, err.Error(), "ana@")
	var he *hubspot.Error
	if assert.ErrorAs(t, err, &he) {
		assert.Equal(t, http.StatusInternalServerError, he.Status)
	}
}
