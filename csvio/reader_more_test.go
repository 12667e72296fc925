package csvio

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A cell that is not UTF-8 is reported, and its row holds nothing of the
// row before it (cells are reused from row to row).
func TestInvalidUTF8CellDoesNotInheritThePreviousRow(t *testing.T) {
	t.Parallel()
	data := contactHeader + "\n" +
		contactLine("customer_id", "1", "name", "Ann", "title", "CFO") + "\n" +
		contactLine("customer_id", "1", "name", "B\xffb", "title", "\xfe") + "\n" +
		contactLine("customer_id", "1", "name", "Cat") + "\n"
	rows, err := readAll(t, data)
	require.NoError(t, err)
	require.Len(t, rows, 3)
	bad := rows[1]
	require.NotNil(t, bad.Err)
	assert.Equal(t, 3, bad.Line)
	assert.Contains(t, bad.Err.Error(), "line 3: name: is not valid UTF-8 text")
	assert.Contains(t, bad.Err.Error(), "title: is not valid UTF-8 text")
	assert.Equal(t, "B\uFFFDb", bad.Name, "what can be read, not Ann's name")
	assert.Equal(t, "\uFFFD", bad.Title, "not Ann's title")
	assert.Nil(t, rows[2].Err)
	assert.Equal(t, "Cat", rows[2].Name)
	assert.Empty(t, rows[2].Title)

	// A row whose only filled cell is not UTF-8 is not blank, whatever the
	// row before held.
	rows, err = readAll(t, contactHeader+"\n"+contactLine("customer_id", "1", "name", "Ann")+"\n"+strings.Repeat(",", 2)+"\xff"+strings.Repeat(",", 18)+"\n")
	require.NoError(t, err)
	require.Len(t, rows, 2)
	assert.False(t, rows[1].Blank)
	require.NotNil(t, rows[1].Err)
	assert.Contains(t, rows[1].Err.Error(), "name: is not valid UTF-8 text")
	assert.Contains(t, rows[1].Err.Error(), "customer_id: is required", "its own empty customer_id, not Ann's")
}
