package identity

import (
	"bytes"
	"log/slog"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestLogValuesMaskPersonalData(t *testing.T) {
	t.Parallel()
	g := newGraph(t, Config{},
		obsAt(0, "s", uid("u-1"), email("familia.silva@gmail.com"), cpf("52998224725")),
		obsAt(1, "s", uid("u-2"), email("familia.silva@gmail.com")),
	)
	conflicts := g.Conflicts()
	require.Len(t, conflicts, 1)
	_, err := NormalizeCPF("529.982.247-26")
	require.Error(t, err)

	var buf bytes.Buffer
	log := slog.New(slog.NewJSONHandler(&buf, nil))
	log.Info("conflict", "conflict", conflicts[0])
	log.Info("explain", "explanation", g.Explain(uid("u-1"), cpf("529.982.247-25")))
	log.Info("invalid", "err", err)
	out := buf.String()
	assert.NotContains(t, out, "familia.silva")
	assert.NotContains(t, out, "52998224725")
	assert.NotContains(t, out, "529.982.247")
	assert.Contains(t, out, `"rule":"type_limit"`)
	assert.Contains(t, out, "f***@gmail.com")
	assert.Contains(t, out, `"same":true`)
	assert.Contains(t, out, `"reason":"check_digit"`)
}
