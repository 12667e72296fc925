package syncro

import (
	"reflect"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// hookRaceProbe is a model no other test decodes, so that its hook plan is
// made by the goroutines of TestDecodeHooksPlannedOnceConcurrently.
type hookRaceProbe struct {
	ID       int64     `json:"id"`
	Contacts []Contact `json:"contacts"`
}

// TestDecodeHooksPlannedOnceConcurrently decodes a model type for the first
// time from several goroutines at once: under -race, a hook plan published
// before it was complete is a data race.
func TestDecodeHooksPlannedOnceConcurrently(t *testing.T) {
	body := []byte(`{"id": 7, "contacts": [{"id": 1, "name": "Ann"}]}`)
	var wg sync.WaitGroup
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var v hookRaceProbe
			assert.NoError(t, decodeModel(body, &v))
			assert.Equal(t, int64(7), v.ID)
		}()
	}
	wg.Wait()
	p := planHooks(reflect.TypeFor[hookRaceProbe]())
	require.Equal(t, []int{1}, p.fields, "the contacts field holds hooks")
}
