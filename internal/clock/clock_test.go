package clock

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
)

func TestRealSleepEndsWithItsContext(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	assert.Equal(t, context.Canceled, Real{}.Sleep(ctx, time.Hour), "a cancelled context ends an hour's sleep at once")
	assert.Equal(t, context.Canceled, Real{}.Sleep(ctx, 0))
	assert.NoError(t, Real{}.Sleep(context.Background(), 0))
}
