package hubspot

import (
	"context"
	"errors"
	"net"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestTransportErrorMasksTheEmailInThePath(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	addr := l.Addr().String()
	require.NoError(t, l.Close()) // a closed port: the call fails before any answer
	c, err := New("pat-na1-secret", WithBaseURL("http://"+addr), WithRetry(NoRetry()))
	require.NoError(t, err)
	_, err = c.Contacts.Get(context.Background(), "maria.souza@exemplo.com.br", "email", nil)
	var te *TransportError
	require.True(t, errors.As(err, &te), "%v", err)
	assert.NotContains(t, err.Error(), "maria.souza")
	assert.NotContains(t, err.Error(), "pat-na1-secret")
	assert.Contains(t, te.Path, "m***@exemplo.com.br#")
}
