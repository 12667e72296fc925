package syncrotest

import (
	"net/http"
	"net/url"
	"strings"

	"github.com/shopspring/decimal"
)

// Product permissions.
const (
	PermProductsList       = "Products - List/Search"
	PermProductsCreate     = "Products - Create"
	PermProductsEdit       = "Products - Edit"
	PermProductsQuantities = "Products - Edit Quantities"
)

// productCategories is the account's category tree: the two categories
// the prepay hours feature relies on, and one for hardware.
var productCategories = []struct {
	id       int64
	ancestry any
	name     string
	path     string
}{
	{1, nil, "Services", "Services"},
	{2, "1", "Labor", "Services >> Labor"},
	{3, nil, "Prepay Hours", "Prepay Hours"},
	{4, nil, "Hardware", "Hardware"},
}

// productSpec: products with prices as JSON numbers, no DELETE (quirk 11),
// and the PUT quirk: booleans the body leaves out are reset to their
// defaults (maintain_stock observed), and name and description are
// required on update too. Serials, SKUs and stock per location are their
// own records; photos are kept on the product.
func (s *Server) productSpec() resourceSpec {
	return resourceSpec{
		name: "products", path: "/products", one: "product", many: "products", idBase: 24_000_000,
		ops:     opList | opGet | opCreate,
		perm:    perms{list: PermProductsList, view: PermProductsList, create: PermProductsCreate, edit: PermProductsEdit},
		fields:  productFields,
		require: []string{"name", "description"},
		seed:    func(s *Server) { s.seedProducts() },
		filter: func(q url.Values, r record) bool {
			for _, k := range []string{"name", "upc_code"} {
				if v := q.Get(k); v != "" && !strings.EqualFold(v, r.str(k)) {
					return false
				}
			}
			if v := q.Get("category_id"); v != "" {
				n, _ := castInt(v).(int64)
				if categoryName(n) == "" || !strings.EqualFold(categoryName(n), r.str("product_category")) {
					return false
				}
			}
			if v := q.Get("query"); v != "" && !strings.Contains(strings.ToLower(r.str("name")+" "+r.str("description")), strings.ToLower(v)) {
				return false
			}
			if ids := q["id[]"]; len(ids) > 0 && !containsID(ids, r.id("id")) {
				return false
			}
			if ids := q["id_not[]"]; len(ids) > 0 && containsID(ids, r.id("id")) {
				return false
			}
			return true
		},
		render: func(s *Server, r record, out obj) {
			out["category_path"] = nil
			for _, c := range productCategories {
				if strings.EqualFold(c.name, r.str("product_category")) {
					out["category_path"] = c.path
				}
			}
			out["long_description"] = nil
			out["vendor_ids"] = []any{}
			if v, ok := r["vendor_ids"].([]any); ok {
				out["vendor_ids"] = v
			}
			skus := []any{}
			for _, k := range s.st.generic["product_skus"].live() {
				if k.id("product_id") == r.id("id") {
					skus = append(skus, obj{"id": k["id"], "vendor_name": k["vendor_name"], "sku": k["sku"]})
				}
			}
			out["product_skus"] = skus
			lqs := []any{}
			for _, lq := range s.st.generic["location_quantities"].live() {
				if lq.id("product_id") == r.id("id") {
					lqs = append(lqs, s.renderGeneric(s.st.generic["location_quantities"], lq, true))
				}
			}
			out["location_quantities"] = lqs
			photos := []any{}
			if v, ok := r["photos"].([]any); ok {
				photos = v
			}
			out["photos"] = photos
		},
		extra: func(s *Server) []routeDef {
			return []routeDef{
				{http.MethodGet, "/products/barcode", PermProductsList, s.productByBarcode},
				{http.MethodGet, "/products/categories", PermProductsList, s.productCategoriesList},
				{http.MethodPut, "/products/{id}", PermProductsEdit, s.updateProduct},
				{http.MethodGet, "/products/{product_id}/product_serials", PermProductsList, s.listSerials},
				{http.MethodPost, "/products/{product_id}/product_serials", PermProductsEdit, s.serialWrite},
				{http.MethodPost, "/products/{product_id}/product_serials/attach_to_line_item", PermProductsList, s.attachSerials},
				{http.MethodPut, "/products/{product_id}/product_serials/{id}", PermProductsEdit, s.serialWrite},
				{http.MethodGet, "/products/{product_id}/product_skus", PermProductsList, s.listSkus},
				{http.MethodPost, "/products/{product_id}/product_skus", PermProductsEdit, s.skuWrite},
				{http.MethodPut, "/products/{product_id}/product_skus/{id}", PermProductsEdit, s.skuWrite},
				{http.MethodPost, "/products/{id}/add_images", PermProductsEdit, s.addProductImages},
				{http.MethodDelete, "/products/{id}/delete_image", PermProductsEdit, s.deleteProductImage},
				{http.MethodPut, "/products/{id}/location_quantities", PermProductsQuantities, s.setLocationQuantity},
			}
		},
	}
}

var productFields = []field{
	{"name", kText}, {"description", kText}, {"price_cost", kNumber}, {"price_retail", kNumber}, {"price_wholesale", kNumber},
	{"condition", kText}, {"maintain_stock", kBool}, {"quantity", kNumber}, {"warranty", kText}, {"sort_order", kInt},
	{"reorder_at", kInt}, {"disabled", kBool}, {"taxable", kBool}, {"product_category", kText}, {"upc_code", kText},
	{"discount_percent", kNumber}, {"warranty_template_id", kInt}, {"qb_item_id", kInt}, {"desired_stock_level", kInt},
	{"notes", kText}, {"tax_rate_id", kInt}, {"physical_location", kText}, {"serialized", kBool}, {"vendor_ids", kRaw},
	{"photos", kRaw},
}

// productBooleans are what a product PUT resets when the body omits them.
var productBooleans = []string{"maintain_stock", "disabled", "taxable", "serialized"}

// productSerialSpec: the serial numbers of products, served only through
// the product routes.
func (s *Server) productSerialSpec() resourceSpec {
	return resourceSpec{name: "product_serials", idBase: 161_000_000, fields: []field{
		{"product_id", kInt}, {"serial_number", kText}, {"condition", kText}, {"notes", kText}, {"status", kText},
		{"price_cost_cents", kInt}, {"price_retail_cents", kInt}, {"line_item_id", kInt}, {"product_location_quantity_id", kInt}, {"location_id", kInt},
	}}
}

// productSkuSpec: vendors' SKUs of products, served through the product
// routes.
func (s *Server) productSkuSpec() resourceSpec {
	return resourceSpec{name: "product_skus", idBase: 1_695_000, fields: []field{
		{"product_id", kInt}, {"vendor_id", kInt}, {"vendor_name", kText}, {"sku", kText},
	}}
}

// locationQuantitySpec: a product's stock per location, served through the
// product routes.
func (s *Server) locationQuantitySpec() resourceSpec {
	return resourceSpec{name: "location_quantities", idBase: 5_100, fields: []field{
		{"product_id", kInt}, {"quantity", kNumber}, {"price_cost_cents", kInt}, {"price_retail_cents", kInt},
		{"location_id", kInt}, {"tax_rate_id", kInt}, {"reorder_at", kInt}, {"desired_stock_level", kInt},
	}}
}

func categoryName(id int64) string {
	for _, c := range productCategories {
		if c.id == id {
			return c.name
		}
	}
	return ""
}

func containsID(list []string, id int64) bool {
	for _, v := range list {
		if n, ok := castInt(v).(int64); ok && n == id {
			return true
		}
	}
	return false
}

// PUT /products/{id}: every boolean the body omits goes back to its
// default (false), as Syncro was observed to do with maintain_stock.
func (s *Server) updateProduct(c *call) response {
	st := s.st.generic["products"]
	r, ok := st.lookup(c)
	if !ok {
		return notFound()
	}
	var msgs []string
	for _, k := range []string{"name", "description"} {
		if v, _ := c.p.text(k); c.p.has(k) && strings.TrimSpace(v) == "" {
			msgs = append(msgs, humanize(k)+" can't be blank")
		}
	}
	if len(msgs) > 0 {
		return railsErrors(msgs, nil)
	}
	for _, k := range productBooleans {
		if !c.p.has(k) {
			r[k] = false
		}
	}
	p := params{}
	for k, v := range c.p {
		if k != "id" {
			p[k] = v
		}
	}
	assignGeneric(r, st.spec.fields, p, s.loc)
	r["updated_at"] = c.now
	return jsonResp(http.StatusOK, obj{"product": s.renderGeneric(st, r, true)})
}

// GET /products/barcode?barcode=: the product with that UPC code.
func (s *Server) productByBarcode(c *call) response {
	st := s.st.generic["products"]
	code := c.q.Get("barcode")
	for _, r := range st.live() {
		if code != "" && r.str("upc_code") == code {
			return jsonResp(http.StatusOK, obj{"product": s.renderGeneric(st, r, true)})
		}
	}
	return notFound()
}

// GET /products/categories: the tree, no meta.
func (s *Server) productCategoriesList(c *call) response {
	out := []any{}
	for _, pc := range productCategories {
		out = append(out, obj{"id": pc.id, "account_id": accountID, "ancestry": pc.ancestry, "name": pc.name,
			"description": pc.name, "device_product_id": nil, "names_depth_cache": pc.path})
	}
	return jsonResp(http.StatusOK, obj{"categories": out})
}

func (s *Server) productOf(c *call) (record, bool) {
	id, ok := c.pathID("product_id")
	if !ok {
		return nil, false
	}
	r, ok := s.st.generic["products"].records[id]
	return r, ok
}

// productChild finds the product of the path and the store of its
// sub-records of the given kind; for a PUT, also the sub-record of the
// {id} variable, which must belong to that product (r is nil otherwise).
func (s *Server) productChild(c *call, kind string) (prod record, st *stored, r record, ok bool) {
	if prod, ok = s.productOf(c); !ok {
		return nil, nil, nil, false
	}
	st = s.st.generic[kind]
	if c.r.Method == http.MethodPut {
		if r, ok = st.lookup(c); !ok || r.id("product_id") != prod.id("id") {
			return nil, nil, nil, false
		}
	}
	return prod, st, r, true
}

func (s *Server) serialJSON(r record) obj {
	cents := func(k string) any {
		if n, ok := r[k].(int64); ok {
			return decimal.New(n, -2).InexactFloat64()
		}
		return nil
	}
	return obj{"id": r["id"], "created_at": s.ts(r.time("created_at")), "updated_at": s.ts(r.time("updated_at")),
		"product_location_quantity_id": r["product_location_quantity_id"], "line_item_id": r["line_item_id"],
		"serial_number": r["serial_number"], "status": r["status"], "instance_price_cost": cents("price_cost_cents"),
		"instance_price_retail": cents("price_retail_cents"), "location_id": r["location_id"]}
}

// GET /products/{product_id}/product_serials: 100 a page, status filter.
func (s *Server) listSerials(c *call) response {
	prod, ok := s.productOf(c)
	if !ok {
		return notFound()
	}
	want := strings.ReplaceAll(strings.ToLower(c.q.Get("status")), "_", " ")
	var items []record
	for _, r := range s.st.generic["product_serials"].live() {
		if r.id("product_id") == prod.id("id") && (want == "" || strings.ToLower(r.str("status")) == want) {
			items = append(items, r)
		}
	}
	pg := pageOf(c.q, 100)
	lo, hi := pg.window(len(items))
	out := []any{}
	for _, r := range items[lo:hi] {
		out = append(out, s.serialJSON(r))
	}
	return jsonResp(http.StatusOK, obj{"product_serials": out, "meta": pg.shortMeta(len(items))})
}

// POST /products/{product_id}/product_serials and PUT .../{id}. A serial
// in scientific notation is refused, as Syncro does.
func (s *Server) serialWrite(c *call) response {
	prod, st, r, ok := s.productChild(c, "product_serials")
	if !ok {
		return notFound()
	}
	sn, has := c.p.text("serial_number")
	if has && looksScientific(sn) {
		return railsErrors([]string{"Serial number scientific-notation not allowed, may have been introduced by a spreadsheet program inferring Numerical from a csv."}, nil)
	}
	p := params{}
	for _, k := range []string{"serial_number", "condition", "notes", "price_cost_cents", "price_retail_cents"} {
		if v, ok := c.p[k]; ok {
			p[k] = v
		}
	}
	if r == nil {
		if !has || strings.TrimSpace(sn) == "" {
			return railsErrors([]string{"Serial number can't be blank"}, nil)
		}
		p["product_id"], p["status"] = prod.id("id"), "In Stock"
		r = s.insertGeneric(st, p, c.now)
	} else {
		assignGeneric(r, st.spec.fields, p, s.loc)
		r["updated_at"] = c.now
	}
	return jsonResp(http.StatusOK, obj{"product_serial": s.serialJSON(r)})
}

func looksScientific(s string) bool {
	s = strings.ToLower(strings.TrimSpace(s))
	i := strings.Index(s, "e+")
	if i <= 0 {
		return false
	}
	_, err := decimal.NewFromString(s)
	return err == nil
}

// POST /products/{product_id}/product_serials/attach_to_line_item
func (s *Server) attachSerials(c *call) response {
	prod, ok := s.productOf(c)
	if !ok {
		return notFound()
	}
	lineID, _ := c.p.int64("line_item_id")
	ids, _ := c.p["product_serial_ids"].([]any)
	st := s.st.generic["product_serials"]
	var serials []record
	for _, v := range ids {
		n, _ := castInt(v).(int64)
		r, ok := st.records[n]
		if !ok || r.id("product_id") != prod.id("id") {
			return notFound()
		}
		if r["line_item_id"] != nil {
			return jsonResp(http.StatusUnprocessableEntity, obj{"status": "attached", "errors": "One of the serial numbers has already been used. Please try again."})
		}
		serials = append(serials, r)
	}
	for _, r := range serials {
		r["line_item_id"], r["status"], r["updated_at"] = lineID, "Sold", c.now
	}
	return jsonResp(http.StatusOK, obj{"status": "attached"})
}

// GET /products/{product_id}/product_skus: no meta.
func (s *Server) listSkus(c *call) response {
	prod, ok := s.productOf(c)
	if !ok {
		return notFound()
	}
	out := []any{}
	for _, r := range s.st.generic["product_skus"].live() {
		if r.id("product_id") == prod.id("id") {
			out = append(out, obj{"id": r["id"], "vendor_name": r["vendor_name"], "sku": r["sku"]})
		}
	}
	return jsonResp(http.StatusOK, obj{"product_skus": out})
}

// POST and PUT /products/{product_id}/product_skus[/{id}]: written as
// vendor_id and value, answered as vendor_name and sku; 400 {"message":
// [...]} when blank.
func (s *Server) skuWrite(c *call) response {
	prod, st, r, ok := s.productChild(c, "product_skus")
	if !ok {
		return notFound()
	}
	vendorID, hasVendor := c.p.int64("vendor_id")
	value, _ := c.p.text("value")
	var msgs []string
	if r == nil && !hasVendor {
		msgs = append(msgs, "Vendor is blank")
	}
	if r == nil && strings.TrimSpace(value) == "" {
		msgs = append(msgs, "Value is blank")
	}
	if len(msgs) > 0 {
		return jsonResp(http.StatusBadRequest, obj{"message": msgs})
	}
	vendorName := any(nil)
	if hasVendor {
		if v, ok := s.st.generic["vendors"].records[vendorID]; ok {
			vendorName = v["name"]
		}
	}
	if r == nil {
		r = s.insertGeneric(st, params{"product_id": prod.id("id"), "vendor_id": vendorID, "vendor_name": vendorName, "sku": value}, c.now)
	} else {
		if hasVendor {
			r["vendor_id"], r["vendor_name"] = vendorID, vendorName
		}
		if value != "" {
			r["sku"] = value
		}
		r["updated_at"] = c.now
	}
	return jsonResp(http.StatusOK, obj{"product_sku": obj{"id": r["id"], "vendor_name": r["vendor_name"], "sku": r["sku"]}})
}

// POST /products/{id}/add_images: accepted, added "shortly in background
// workers" (here: at once).
func (s *Server) addProductImages(c *call) response {
	st := s.st.generic["products"]
	r, ok := st.lookup(c)
	if !ok {
		return notFound()
	}
	files, _ := c.p["files"].([]any)
	if len(files) == 0 {
		return jsonResp(http.StatusUnprocessableEntity, obj{"error": "Please pass 'url' & 'filename' or 'files([{}])' parameter."})
	}
	photos, _ := r["photos"].([]any)
	for _, f := range files {
		m, _ := f.(map[string]any)
		u, _ := castText(m["url"])
		name, _ := castText(m["filename"])
		if u == nil || name == nil {
			return jsonResp(http.StatusUnprocessableEntity, obj{"error": "Please pass 'url' & 'filename' or 'files([{}])' parameter."})
		}
		s.st.next["photos"]++
		photos = append(photos, obj{"id": 770 + s.st.next["photos"], "photo_url": u, "filename": name})
	}
	r["photos"] = photos
	return jsonResp(http.StatusOK, obj{"message": "Success! Those will be added shortly in background workers."})
}

// DELETE /products/{id}/delete_image?photo_id=
func (s *Server) deleteProductImage(c *call) response {
	st := s.st.generic["products"]
	r, ok := st.lookup(c)
	if !ok {
		return notFound()
	}
	want, _ := castInt(c.p["photo_id"]).(int64)
	photos, _ := r["photos"].([]any)
	for i, ph := range photos {
		if m, ok := ph.(obj); ok && castInt(m["id"]) == want {
			r["photos"] = append(photos[:i:i], photos[i+1:]...)
			return jsonResp(http.StatusOK, obj{"message": "Success! Image removed."})
		}
	}
	return jsonResp(http.StatusNotFound, obj{"message": "Photo Not Found."})
}

// PUT /products/{id}/location_quantities: the location quantity, bare.
func (s *Server) setLocationQuantity(c *call) response {
	prod, ok := s.st.generic["products"].lookup(c)
	if !ok {
		return notFound()
	}
	id, _ := c.p.int64("location_quantity_id")
	st := s.st.generic["location_quantities"]
	r, ok := st.records[id]
	if !ok || r.id("product_id") != prod.id("id") {
		return notFound()
	}
	assignGeneric(r, st.spec.fields, params{"quantity": c.p["quantity"]}, s.loc)
	r["updated_at"] = c.now
	return jsonResp(http.StatusOK, s.renderGeneric(st, r, true))
}
