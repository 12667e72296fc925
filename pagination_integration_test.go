package syncro_test

import (
	"sort"
	"strconv"

	"github.com/syncrokit/syncro/syncrotest"
)

// byPage sorts logged list requests by the page they asked for: with pages
// fetched ahead, requests reach the server in any order, while the items
// are yielded in page order.
func byPage(rs []syncrotest.Request) []syncrotest.Request {
	page := func(r syncrotest.Request) int {
		n, _ := strconv.Atoi(r.Query.Get("page"))
		return n
	}
	sort.SliceStable(rs, func(i, j int) bool { return page(rs[i]) < page(rs[j]) })
	return rs
}
