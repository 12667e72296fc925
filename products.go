package syncro

import (
	"context"
	"encoding/json"
	"iter"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/shopspring/decimal"
)

// ProductsService works with the product catalog: products, their
// categories, serials, SKUs, stock per location and images. Syncro has no
// delete for products (disable one instead).
type ProductsService service

// Product is an item of the product catalog, labor and prepay hours
// included (by ProductCategory). Syncro has no delete for products: disable
// one with Update and Disabled true.
type Product struct {
	ID                 int64              `json:"id"`
	PriceCost          decimal.Decimal    `json:"price_cost"`
	PriceRetail        decimal.Decimal    `json:"price_retail"`
	PriceWholesale     decimal.Decimal    `json:"price_wholesale"`
	Condition          string             `json:"condition"`
	Description        string             `json:"description"`
	LongDescription    string             `json:"long_description"`
	MaintainStock      bool               `json:"maintain_stock"`
	Name               string             `json:"name"`
	Quantity           decimal.Decimal    `json:"quantity"`
	Warranty           string             `json:"warranty"`
	SortOrder          int64              `json:"sort_order"`
	ReorderAt          decimal.Decimal    `json:"reorder_at"`
	DesiredStockLevel  decimal.Decimal    `json:"desired_stock_level"`
	Disabled           bool               `json:"disabled"`
	Taxable            bool               `json:"taxable"`
	ProductCategory    string             `json:"product_category"`
	CategoryPath       string             `json:"category_path"`
	UpcCode            string             `json:"upc_code"`
	DiscountPercent    decimal.Decimal    `json:"discount_percent"`
	WarrantyTemplateID int64              `json:"warranty_template_id"`
	QbItemID           int64              `json:"qb_item_id"`
	Notes              string             `json:"notes"`
	TaxRateID          int64              `json:"tax_rate_id"`
	PhysicalLocation   string             `json:"physical_location"`
	Serialized         bool               `json:"serialized"`
	VendorIDs          []int64            `json:"vendor_ids"`
	ProductSkus        []ProductSku       `json:"product_skus"`
	LocationQuantities []LocationQuantity `json:"location_quantities"`
	Photos             []ProductPhoto     `json:"photos"`

	// Unparsed keeps, as sent, a nested value whose shape Syncro varied.
	Unparsed map[string]json.RawMessage `json:"-"`
}

// ProductCategory is a node of the product category tree. Ancestry is
// Rails' path of ancestor ids ("1/4"); NamesDepthCache is the full name
// path ("Services / Labor").
type ProductCategory struct {
	ID              int64  `json:"id"`
	AccountID       int64  `json:"account_id"`
	Ancestry        string `json:"ancestry"`
	Name            string `json:"name"`
	Description     string `json:"description"`
	DeviceProductID int64  `json:"device_product_id"`
	NamesDepthCache string `json:"names_depth_cache"`
}

// ProductSerial is one serial number of a serialized product.
type ProductSerial struct {
	ID                        int64           `json:"id"`
	CreatedAt                 time.Time       `json:"created_at"`
	UpdatedAt                 time.Time       `json:"updated_at"`
	ProductLocationQuantityID int64           `json:"product_location_quantity_id"`
	LineItemID                int64           `json:"line_item_id"`
	SerialNumber              string          `json:"serial_number"`
	Status                    string          `json:"status"`
	Condition                 string          `json:"condition"`
	Notes                     string          `json:"notes"`
	InstancePriceCost         decimal.Decimal `json:"instance_price_cost"`
	InstancePriceRetail       decimal.Decimal `json:"instance_price_retail"`
	LocationID                int64           `json:"location_id"`
}

// ProductSku is a vendor's SKU for a product. It is written as value and
// read back as sku.
type ProductSku struct {
	ID         int64  `json:"id"`
	VendorName string `json:"vendor_name"`
	Sku        string `json:"sku"`
}

// LocationQuantity is a product's stock at one location. The cents fields
// are integer cents, as Syncro sends them.
type LocationQuantity struct {
	ID                int64           `json:"id"`
	ProductID         int64           `json:"product_id"`
	LocationID        int64           `json:"location_id"`
	Quantity          decimal.Decimal `json:"quantity"`
	PriceCostCents    int64           `json:"price_cost_cents"`
	PriceRetailCents  int64           `json:"price_retail_cents"`
	TaxRateID         int64           `json:"tax_rate_id"`
	ReorderAt         decimal.Decimal `json:"reorder_at"`
	DesiredStockLevel decimal.Decimal `json:"desired_stock_level"`
	CreatedAt         time.Time       `json:"created_at"`
	UpdatedAt         time.Time       `json:"updated_at"`
}

// ProductPhoto is an image of a product. The spec shows no photo's fields;
// these are the ones a photo record is known to carry.
type ProductPhoto struct {
	ID       int64  `json:"id"`
	PhotoURL string `json:"photo_url"`
	Filename string `json:"filename"`
}

// ProductListOptions filters GET /products. Sort is one field and a
// direction ("name ASC"); ID and IDNot select by id lists.
type ProductListOptions struct {
	ListOptions
	Sort       string  `url:"sort,omitempty"`
	Sku        string  `url:"sku,omitempty"`
	Name       string  `url:"name,omitempty"`
	UpcCode    string  `url:"upc_code,omitempty"`
	CategoryID int64   `url:"category_id,omitempty"`
	ID         []int64 `url:"id,omitempty,brackets"`
	IDNot      []int64 `url:"id_not,omitempty,brackets"`
	Query      string  `url:"query,omitempty"`
}

// ProductInput is the body of POST /products and PUT /products/{id}.
// Create needs Name and Description.
//
// Syncro's PUT resets booleans the body leaves out to their defaults
// (maintain_stock observed), so Update never sends a partial product: see
// ProductsService.Update.
type ProductInput struct {
	Name                  *string           `json:"name,omitempty"`
	Description           *string           `json:"description,omitempty"`
	PriceCost             *decimal.Decimal  `json:"price_cost,omitempty"`
	PriceRetail           *decimal.Decimal  `json:"price_retail,omitempty"`
	PriceWholesale        *decimal.Decimal  `json:"price_wholesale,omitempty"`
	Condition             *string           `json:"condition,omitempty"`
	MaintainStock         *bool             `json:"maintain_stock,omitempty"`
	Quantity              *int64            `json:"quantity,omitempty"`
	Warranty              *string           `json:"warranty,omitempty"`
	SortOrder             *int64            `json:"sort_order,omitempty"`
	ReorderAt             *int64            `json:"reorder_at,omitempty"`
	DesiredStockLevel     *int64            `json:"desired_stock_level,omitempty"`
	Disabled              *bool             `json:"disabled,omitempty"`
	Taxable               *bool             `json:"taxable,omitempty"`
	Serialized            *bool             `json:"serialized,omitempty"`
	ProductCategory       *string           `json:"product_category,omitempty"`
	CategoryIDs           []int64           `json:"category_ids,omitempty"`
	UpcCode               *string           `json:"upc_code,omitempty"`
	DiscountPercent       *decimal.Decimal  `json:"discount_percent,omitempty"`
	WarrantyTemplateID    *int64            `json:"warranty_template_id,omitempty"`
	QbItemID              *int64            `json:"qb_item_id,omitempty"`
	Notes                 *string           `json:"notes,omitempty"`
	TaxRateID             *int64            `json:"tax_rate_id,omitempty"`
	PhysicalLocation      *string           `json:"physical_location,omitempty"`
	VendorIDs             []int64           `json:"vendor_ids,omitempty"`
	ProductSkusAttributes []ProductSkuInput `json:"product_skus_attributes,omitempty"`
}

// ProductSkuInput adds or changes a vendor SKU. Syncro takes the SKU as
// value and answers it as sku.
type ProductSkuInput struct {
	VendorID *int64  `json:"vendor_id,omitempty"`
	Value    *string `json:"value,omitempty"`
}

// ProductSerialListOptions filters GET /products/{product_id}/product_serials.
// Status is one of reserved, sold, returned, in_transfer, breakage,
// used_in_refurb, in_stock.
type ProductSerialListOptions struct {
	ListOptions
	Status string `url:"status,omitempty"`
}

// ProductSerialInput adds or changes a serial number. Prices are in
// dollars and sent in cents (price_cost_cents, price_retail_cents); a
// fraction of a cent is refused.
type ProductSerialInput struct {
	SerialNumber *string
	Condition    *string
	Notes        *string
	PriceCost    *decimal.Decimal
	PriceRetail  *decimal.Decimal
}

// Record types a product serial can be attached to.
const (
	SerialOnLineItem         = "LineItem"       // an invoice or estimate line
	SerialOnTicketLineItem   = "TicketLineItem" // a ticket line
	SerialOnTransferLineItem = "TransferLineItem"
	SerialOnReturnLineItem   = "ReturnLineItem"
	SerialOnRefurbLineItem   = "RefurbLineItem"
)

// AttachSerialsInput attaches serials to a line item
// (POST /products/{product_id}/product_serials/attach_to_line_item).
type AttachSerialsInput struct {
	RecordType       string  `json:"record_type"`
	LineItemID       int64   `json:"line_item_id"`
	ProductSerialIDs []int64 `json:"product_serial_ids"`
}

// ProductImage is an image to add to a product, fetched by Syncro from URL.
type ProductImage struct {
	URL      string `json:"url"`
	Filename string `json:"filename"`
}

// UnmarshalJSON reads a product whatever the types Syncro used.
func (x *Product) UnmarshalJSON(b []byte) error { return decodeModel(b, x) }

// UnmarshalJSON reads a category whatever the types Syncro used.
func (x *ProductCategory) UnmarshalJSON(b []byte) error { return decodeModel(b, x) }

// UnmarshalJSON reads a serial whatever the types Syncro used.
func (x *ProductSerial) UnmarshalJSON(b []byte) error { return decodeModel(b, x) }

// UnmarshalJSON reads a SKU whatever the types Syncro used.
func (x *ProductSku) UnmarshalJSON(b []byte) error { return decodeModel(b, x) }

// UnmarshalJSON reads a location quantity whatever the types Syncro used.
func (x *LocationQuantity) UnmarshalJSON(b []byte) error { return decodeModel(b, x) }

// UnmarshalJSON reads a photo whatever the types Syncro used.
func (x *ProductPhoto) UnmarshalJSON(b []byte) error { return decodeModel(b, x) }

var (
	productRec          = rec[Product]{one: "product", many: "products", bare: true}
	productCategoryRec  = rec[ProductCategory]{many: "categories"}
	productSerialRec    = rec[ProductSerial]{one: "product_serial", many: "product_serials", bare: true}
	productSkuRec       = rec[ProductSku]{one: "product_sku", many: "product_skus", bare: true}
	locationQuantityRec = rec[LocationQuantity]{one: "location_quantity", bare: true}
)

// List returns one page of products.
//
// GET /products
func (s *ProductsService) List(ctx context.Context, opts *ProductListOptions) (*Page[Product], error) {
	return productRec.list(ctx, s.client, "products", opts, listOpts(opts))
}

// Pages iterates over the pages of products.
//
// GET /products
func (s *ProductsService) Pages(ctx context.Context, opts *ProductListOptions) iter.Seq2[*Page[Product], error] {
	return pages(ctx, opts, s.List)
}

// All iterates over every product matching opts.
//
// GET /products
func (s *ProductsService) All(ctx context.Context, opts *ProductListOptions) iter.Seq2[Product, error] {
	return items(s.Pages(ctx, opts))
}

// Get returns one product.
//
// GET /products/{id}
func (s *ProductsService) Get(ctx context.Context, id int64) (*Product, error) {
	if err := checkID("get product", "id", id); err != nil {
		return nil, err
	}
	return productRec.get(ctx, s.client, apiPath("products", id), nil)
}

// ByBarcode returns the product with a barcode (its UPC code).
//
// GET /products/barcode
func (s *ProductsService) ByBarcode(ctx context.Context, barcode string) (*Product, error) {
	if barcode == "" {
		return nil, &ValidationError{Op: "find product by barcode", Fields: []string{"barcode"}, Reason: "give the barcode"}
	}
	return productRec.get(ctx, s.client, "products/barcode", url.Values{"barcode": {barcode}})
}

// Categories lists the product categories.
//
// GET /products/categories
func (s *ProductsService) Categories(ctx context.Context) ([]ProductCategory, error) {
	return productCategoryRec.listAll(ctx, s.client, "products/categories")
}

// Create makes a product; Syncro needs Name and Description.
//
// POST /products
func (s *ProductsService) Create(ctx context.Context, in *ProductInput) (*Product, error) {
	var missing []string
	if in == nil || in.Name == nil || *in.Name == "" {
		missing = append(missing, "name")
	}
	if in == nil || in.Description == nil || *in.Description == "" {
		missing = append(missing, "description")
	}
	if len(missing) > 0 {
		return nil, &ValidationError{Op: "create product", Fields: missing, Reason: "Syncro requires them"}
	}
	return productRec.create(ctx, s.client, "products", in)
}

// Update changes the fields set in in, and nothing else.
//
// Syncro's PUT resets the booleans a body leaves out to their defaults
// (a product lost maintain_stock that way, OBSERVED) and requires name and
// description on every update. So Update first reads the product, then
// sends the fields set in in plus the product's current name, description,
// maintain_stock, disabled, taxable and serialized wherever in leaves them
// nil: a product stays as it was except for what the caller changed. That
// is two requests. A change made by someone else between the two to one
// of those six fields is overwritten with the value read.
//
// GET /products/{id}, then PUT /products/{id}
func (s *ProductsService) Update(ctx context.Context, id int64, in *ProductInput) (*Product, error) {
	if err := checkID("update product", "id", id); err != nil {
		return nil, err
	}
	if in == nil {
		return nil, &ValidationError{Op: "update product", Reason: "no input given"}
	}
	cur, err := s.Get(ctx, id)
	if err != nil {
		return nil, err
	}
	return s.put(ctx, id, in.over(cur))
}

// UpdateFull sends in as it is, without reading the product first: every
// field Syncro resets when omitted must be set in in (name, description
// and the booleans maintain_stock, disabled, taxable, serialized), or the
// call is refused before sending.
//
// PUT /products/{id}
func (s *ProductsService) UpdateFull(ctx context.Context, id int64, in *ProductInput) (*Product, error) {
	if err := checkID("update product", "id", id); err != nil {
		return nil, err
	}
	var missing []string
	if in == nil {
		in = &ProductInput{}
	}
	for _, f := range []struct {
		name string
		set  bool
	}{
		{"name", in.Name != nil}, {"description", in.Description != nil}, {"maintain_stock", in.MaintainStock != nil},
		{"disabled", in.Disabled != nil}, {"taxable", in.Taxable != nil}, {"serialized", in.Serialized != nil},
	} {
		if !f.set {
			missing = append(missing, f.name)
		}
	}
	if len(missing) > 0 {
		return nil, &ValidationError{Op: "update product", Fields: missing, Reason: "Syncro resets or requires these on every update: set them, or use Update, which reads them first"}
	}
	return s.put(ctx, id, in.over(&Product{}))
}

func (s *ProductsService) put(ctx context.Context, id int64, body *productPut) (*Product, error) {
	return productRec.update(ctx, s.client, apiPath("products", id), body)
}

// productPut is a product update body whose reset-prone fields are always
// sent, false included.
type productPut struct {
	ProductInput
	Name          string `json:"name"`
	Description   string `json:"description"`
	MaintainStock bool   `json:"maintain_stock"`
	Disabled      bool   `json:"disabled"`
	Taxable       bool   `json:"taxable"`
	Serialized    bool   `json:"serialized"`
}

// over returns the body of an update of cur by in: in's fields, and cur's
// values for the reset-prone fields in leaves nil.
func (in *ProductInput) over(cur *Product) *productPut {
	b := &productPut{ProductInput: *in, Name: cur.Name, Description: cur.Description, MaintainStock: cur.MaintainStock,
		Disabled: cur.Disabled, Taxable: cur.Taxable, Serialized: cur.Serialized}
	pick := func(dst *string, v *string) {
		if v != nil {
			*dst = *v
		}
	}
	pickB := func(dst *bool, v *bool) {
		if v != nil {
			*dst = *v
		}
	}
	pick(&b.Name, in.Name)
	pick(&b.Description, in.Description)
	pickB(&b.MaintainStock, in.MaintainStock)
	pickB(&b.Disabled, in.Disabled)
	pickB(&b.Taxable, in.Taxable)
	pickB(&b.Serialized, in.Serialized)
	// The embedded pointers would be shadowed anyway; clear them so the
	// body has each key once.
	b.ProductInput.Name, b.ProductInput.Description = nil, nil
	b.ProductInput.MaintainStock, b.ProductInput.Disabled, b.ProductInput.Taxable, b.ProductInput.Serialized = nil, nil, nil, nil
	return b
}

// Serials returns one page of a product's serial numbers.
//
// GET /products/{product_id}/product_serials
func (s *ProductsService) Serials(ctx context.Context, productID int64, opts *ProductSerialListOptions) (*Page[ProductSerial], error) {
	if err := checkID("list product serials", "product_id", productID); err != nil {
		return nil, err
	}
	return productSerialRec.list(ctx, s.client, apiPath("products", productID, "product_serials"), opts, listOpts(opts))
}

// AllSerials iterates over every serial of a product matching opts.
//
// GET /products/{product_id}/product_serials
func (s *ProductsService) AllSerials(ctx context.Context, productID int64, opts *ProductSerialListOptions) iter.Seq2[ProductSerial, error] {
	return items(pages(ctx, opts, func(ctx context.Context, o *ProductSerialListOptions) (*Page[ProductSerial], error) {
		return s.Serials(ctx, productID, o)
	}))
}

// serialBody is the wire form of a ProductSerialInput: prices in cents.
type serialBody struct {
	SerialNumber     *string `json:"serial_number,omitempty"`
	Condition        *string `json:"condition,omitempty"`
	Notes            *string `json:"notes,omitempty"`
	PriceCostCents   *int64  `json:"price_cost_cents,omitempty"`
	PriceRetailCents *int64  `json:"price_retail_cents,omitempty"`
}

func (in *ProductSerialInput) body(op string) (*serialBody, error) {
	if in == nil {
		return nil, &ValidationError{Op: op, Reason: "no input given"}
	}
	b := &serialBody{SerialNumber: in.SerialNumber, Condition: in.Condition, Notes: in.Notes}
	var err error
	if b.PriceCostCents, err = optCents("price_cost", in.PriceCost); err != nil {
		return nil, &ValidationError{Op: op, Fields: []string{"price_cost_cents"}, Reason: err.Error()}
	}
	if b.PriceRetailCents, err = optCents("price_retail", in.PriceRetail); err != nil {
		return nil, &ValidationError{Op: op, Fields: []string{"price_retail_cents"}, Reason: err.Error()}
	}
	return b, nil
}

// AddSerial adds a serial number to a product. Prices are in dollars and
// sent in cents.
//
// POST /products/{product_id}/product_serials
func (s *ProductsService) AddSerial(ctx context.Context, productID int64, in *ProductSerialInput) (*ProductSerial, error) {
	if err := checkID("add product serial", "product_id", productID); err != nil {
		return nil, err
	}
	if in == nil || in.SerialNumber == nil || *in.SerialNumber == "" {
		return nil, &ValidationError{Op: "add product serial", Fields: []string{"serial_number"}, Reason: "give the serial number"}
	}
	b, err := in.body("add product serial")
	if err != nil {
		return nil, err
	}
	return productSerialRec.create(ctx, s.client, apiPath("products", productID, "product_serials"), b)
}

// UpdateSerial changes a serial number's fields.
//
// PUT /products/{product_id}/product_serials/{id}
func (s *ProductsService) UpdateSerial(ctx context.Context, productID, id int64, in *ProductSerialInput) (*ProductSerial, error) {
	if err := checkIDs("update product serial", "product_id", productID, "id", id); err != nil {
		return nil, err
	}
	b, err := in.body("update product serial")
	if err != nil {
		return nil, err
	}
	return productSerialRec.update(ctx, s.client, apiPath("products", productID, "product_serials", id), b)
}

// AttachSerials attaches serials of a product to a line item (an invoice
// or estimate line with SerialOnLineItem, a ticket line with
// SerialOnTicketLineItem).
//
// POST /products/{product_id}/product_serials/attach_to_line_item
func (s *ProductsService) AttachSerials(ctx context.Context, productID int64, in *AttachSerialsInput) error {
	if err := checkID("attach product serials", "product_id", productID); err != nil {
		return err
	}
	if in == nil || in.RecordType == "" || in.LineItemID <= 0 || len(in.ProductSerialIDs) == 0 {
		return &ValidationError{Op: "attach product serials", Fields: []string{"record_type", "line_item_id", "product_serial_ids"}, Reason: "give the record type, the line item and at least one serial id"}
	}
	var out struct {
		Status string `json:"status"`
		Errors any    `json:"errors"`
	}
	return action(ctx, s.client, http.MethodPost, apiPath("products", productID, "product_serials", "attach_to_line_item"), nil, in, &out)
}

// Skus lists a product's vendor SKUs.
//
// GET /products/{product_id}/product_skus
func (s *ProductsService) Skus(ctx context.Context, productID int64) ([]ProductSku, error) {
	if err := checkID("list product skus", "product_id", productID); err != nil {
		return nil, err
	}
	return productSkuRec.listAll(ctx, s.client, apiPath("products", productID, "product_skus"))
}

// AddSku adds a vendor SKU to a product.
//
// POST /products/{product_id}/product_skus
func (s *ProductsService) AddSku(ctx context.Context, productID int64, in *ProductSkuInput) (*ProductSku, error) {
	if err := checkID("add product sku", "product_id", productID); err != nil {
		return nil, err
	}
	var missing []string
	if in == nil || in.VendorID == nil || *in.VendorID <= 0 {
		missing = append(missing, "vendor_id")
	}
	if in == nil || in.Value == nil || *in.Value == "" {
		missing = append(missing, "value")
	}
	if len(missing) > 0 {
		return nil, &ValidationError{Op: "add product sku", Fields: missing, Reason: "give the vendor and the SKU"}
	}
	return productSkuRec.create(ctx, s.client, apiPath("products", productID, "product_skus"), in)
}

// UpdateSku changes a vendor SKU of a product.
//
// PUT /products/{product_id}/product_skus/{id}
func (s *ProductsService) UpdateSku(ctx context.Context, productID, id int64, in *ProductSkuInput) (*ProductSku, error) {
	if err := checkIDs("update product sku", "product_id", productID, "id", id); err != nil {
		return nil, err
	}
	if in == nil {
		return nil, &ValidationError{Op: "update product sku", Reason: "no input given"}
	}
	return productSkuRec.update(ctx, s.client, apiPath("products", productID, "product_skus", id), in)
}

// SetLocationQuantity sets the stock of a product at one location (the
// location quantity's id is in Product.LocationQuantities).
//
// PUT /products/{id}/location_quantities
func (s *ProductsService) SetLocationQuantity(ctx context.Context, productID, locationQuantityID, quantity int64) (*LocationQuantity, error) {
	if err := checkIDs("set product location quantity", "id", productID, "location_quantity_id", locationQuantityID); err != nil {
		return nil, err
	}
	body := map[string]int64{"location_quantity_id": locationQuantityID, "quantity": quantity}
	return locationQuantityRec.update(ctx, s.client, apiPath("products", productID, "location_quantities"), body)
}

// AddImages asks Syncro to fetch images from URLs and add them to a
// product; it does so later, in the background.
//
// POST /products/{id}/add_images
func (s *ProductsService) AddImages(ctx context.Context, productID int64, images []ProductImage) error {
	if err := checkID("add product images", "id", productID); err != nil {
		return err
	}
	if len(images) == 0 {
		return &ValidationError{Op: "add product images", Fields: []string{"files"}, Reason: "give at least one image"}
	}
	for i, im := range images {
		if im.URL == "" || im.Filename == "" {
			return &ValidationError{Op: "add product images", Fields: []string{"files"}, Reason: "image " + strconv.Itoa(i+1) + " needs a url and a filename"}
		}
	}
	return action(ctx, s.client, http.MethodPost, apiPath("products", productID, "add_images"), nil, map[string]any{"files": images}, nil)
}

// DeleteImage removes an image (a photo of Product.Photos) from a product.
//
// DELETE /products/{id}/delete_image
func (s *ProductsService) DeleteImage(ctx context.Context, productID, photoID int64) error {
	if err := checkIDs("delete product image", "id", productID, "photo_id", photoID); err != nil {
		return err
	}
	return action(ctx, s.client, http.MethodDelete, apiPath("products", productID, "delete_image"),
		url.Values{"photo_id": {strconv.FormatInt(photoID, 10)}}, nil, nil)
}
