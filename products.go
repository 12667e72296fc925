package syncro

import (
	"time"

	"github.com/shopspring/decimal"
)

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
