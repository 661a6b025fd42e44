namespace Vargo.DemoData;

/// <summary>
/// The hand-written tables behind the demo catalog: 6 departments, 16 sub-departments, 46 leaf categories.
/// Brands are invented so the demo carries no trademarks.
/// </summary>
internal static class DemoCatalogTree
{
    private static readonly string[] ApparelSizes = ["XS", "S", "M", "L", "XL", "XXL"];
    private static readonly string[] ShoeSizes = ["38", "39", "40", "41", "42", "43", "44", "45", "46"];
    private static readonly string[] Colours = ["Black", "White", "Navy", "Grey", "Red", "Green", "Blue", "Beige", "Olive", "Burgundy"];

    private static AttributeBlueprint Choice(string name, params string[] values) =>
        new(new DemoAttributeDefinition(name, DemoAttributeType.Enum, values), values);

    private static AttributeBlueprint Number(string name, string unit, params string[] samples) =>
        new(new DemoAttributeDefinition(name, DemoAttributeType.Number, Unit: unit), samples);

    private static AttributeBlueprint Text(string name, params string[] samples) =>
        new(new DemoAttributeDefinition(name, DemoAttributeType.Text), samples);

    private static AttributeBlueprint Flag(string name) =>
        new(new DemoAttributeDefinition(name, DemoAttributeType.Boolean), ["true", "false"]);

    private static CategoryBlueprint Node(string slug, string name, AttributeBlueprint[] attributes, params CategoryBlueprint[] children) =>
        new(slug, name, attributes, children);

    private static CategoryBlueprint Leaf(string slug, string name, AttributeBlueprint[] attributes, LeafContent content) =>
        new(slug, name, attributes, [], content);

    public static readonly CategoryBlueprint[] Roots =
    [
        Node("apparel", "Apparel", [Choice("colour", Colours), Choice("size", ApparelSizes)],
            Node("mens-clothing", "Men's Clothing", [Choice("fit", "Slim", "Regular", "Relaxed")],
                Leaf("mens-t-shirts", "T-Shirts", [Choice("material", "Cotton", "Organic Cotton", "Cotton Blend", "Merino Wool"), Choice("neckline", "Crew", "V-Neck", "Henley")],
                    new("AP-MTS", "T-Shirt", ["Northloom", "Harbor & Pine", "Basecamp Supply", "Oaken", "Greyfield"], ["Essential", "Everyday", "Heritage", "Pocket", "Weekend", "Classic", "Studio"], ["Men's", "Organic", "Heavyweight", "Slub"],
                        14m, 45m, ["Pre-shrunk so it keeps its shape wash after wash.", "Soft hand-feel with a clean, structured collar.", "Side-seamed for a sharp drape."], ["size"])),
                Leaf("mens-jackets", "Jackets", [Choice("material", "Nylon", "Polyester", "Wool Blend", "Leather", "Denim"), Flag("waterproof"), Flag("hooded")],
                    new("AP-MJK", "Jacket", ["Northloom", "Summit Thread", "Greyfield", "Cask & Co.", "Ridgeway"], ["Trailhead", "Commuter", "Harrington", "Field", "Bomber", "Storm", "Chore"], ["Men's", "Insulated", "Lightweight", "Packable"],
                        69m, 289m, ["Taped seams and a storm flap keep the weather out.", "Two hand-warmer pockets and an inner zip pocket.", "Cut long enough in the back to stay put on a bike."], ["size"])),
                Leaf("mens-jeans", "Jeans", [Choice("material", "Denim", "Stretch Denim", "Selvedge Denim"), Choice("wash", "Rinse", "Mid Wash", "Light Wash", "Black")],
                    new("AP-MJN", "Jeans", ["Indigo Mill", "Greyfield", "Oaken", "Harbor & Pine"], ["Straight", "Tapered", "Carpenter", "Original", "Slim", "Workwear"], ["Men's", "Selvedge", "Stretch", "Five-Pocket"],
                        39m, 159m, ["Rivets at the stress points for years of wear.", "A touch of stretch for all-day comfort.", "Woven on narrow shuttle looms."], ["size"]))),
            Node("womens-clothing", "Women's Clothing", [Choice("fit", "Fitted", "Regular", "Oversized")],
                Leaf("womens-dresses", "Dresses", [Choice("material", "Linen", "Viscose", "Cotton", "Silk"), Choice("length", "Mini", "Midi", "Maxi")],
                    new("AP-WDR", "Dress", ["Maison Lune", "Fern & Fable", "Aurelle", "Saltmarsh"], ["Wrap", "Slip", "Shirt", "Tiered", "Sundress", "Tea", "Shift"], ["Women's", "Floral", "Linen", "Belted"],
                        35m, 220m, ["Fully lined with a hidden side zip.", "Adjustable straps and a relaxed, flowing skirt.", "Breathable fabric for warm evenings."], ["size"])),
                Leaf("womens-tops", "Tops & Blouses", [Choice("material", "Cotton", "Silk", "Viscose", "Linen"), Choice("sleeve", "Sleeveless", "Short", "Three-Quarter", "Long")],
                    new("AP-WTP", "Blouse", ["Maison Lune", "Aurelle", "Fern & Fable", "Northloom"], ["Poet", "Peasant", "Wrap", "Button-Down", "Camp", "Pintuck"], ["Women's", "Silk", "Embroidered", "Relaxed"],
                        19m, 130m, ["Mother-of-pearl buttons and French seams.", "Drapes beautifully tucked or loose.", "Easy-care fabric that travels well."], ["size"])),
                Leaf("womens-leggings", "Leggings", [Choice("material", "Nylon Spandex", "Polyester Spandex", "Cotton Spandex"), Choice("rise", "Mid", "High")],
                    new("AP-WLG", "Leggings", ["Lumen Active", "Pace Studio", "Fern & Fable", "Kinetic Nine"], ["Sculpt", "Flow", "Align", "Tempo", "Studio", "Everyday"], ["Women's", "7/8", "Pocket", "Seamless"],
                        24m, 98m, ["Squat-proof, four-way stretch fabric.", "A hidden waistband pocket fits a key card.", "Moisture-wicking and quick to dry."], ["size"])))),

        Node("footwear", "Footwear", [Choice("colour", Colours), Choice("size", ShoeSizes)],
            Node("athletic-shoes", "Athletic Shoes", [Choice("gender", "Men", "Women", "Unisex")],
                Leaf("running-shoes", "Running Shoes", [Number("drop", "mm", "4", "6", "8", "10", "12"), Number("weight", "g", "220", "245", "260", "280", "310"), Choice("cushioning", "Light", "Moderate", "Max")],
                    new("FW-RUN", "Running Shoes", ["Stridewell", "Pacer Labs", "Kinetic Nine", "Velo Run", "Tempo Athletics"], ["Glide", "Tempo", "Cloudline", "Racer", "Nimbus", "Pulse", "Daybreak", "Sprint"], ["Road", "Cushioned", "Lightweight", "Daily"],
                        59m, 199m, ["A responsive foam midsole returns energy with every stride.", "Engineered mesh upper breathes on long runs.", "Built for daily training miles on the road."], ["size"])),
                Leaf("trail-running-shoes", "Trail Running Shoes", [Number("drop", "mm", "4", "6", "8"), Number("lug_depth", "mm", "3", "4", "5", "6"), Flag("waterproof")],
                    new("FW-TRL", "Trail Running Shoes", ["Ridgeway", "Stridewell", "Summit Thread", "Pacer Labs"], ["Scree", "Switchback", "Ridge", "Talus", "Canyon", "Fellrunner"], ["Grippy", "Waterproof", "Rock-Plate", "Mountain"],
                        89m, 219m, ["Deep lugs bite into mud and loose rock.", "A rock plate shields your feet on technical trails.", "Gusseted tongue keeps grit out."], ["size"])),
                Leaf("training-shoes", "Training Shoes", [Choice("surface", "Gym", "Court", "Mixed"), Number("weight", "g", "260", "290", "320")],
                    new("FW-TRN", "Training Shoes", ["Kinetic Nine", "Tempo Athletics", "Lumen Active", "Forge Fit"], ["Lift", "Circuit", "Crossover", "Dynamo", "Metcon", "Base"], ["Cross", "Stable", "Flat", "Studio"],
                        65m, 160m, ["A flat, stable heel for lifting days.", "Rope-climb guard wraps the midfoot.", "Flexible forefoot for quick lateral moves."], ["size"]))),
            Node("casual-shoes", "Casual Shoes", [Choice("gender", "Men", "Women", "Unisex")],
                Leaf("sneakers", "Sneakers", [Choice("upper", "Canvas", "Leather", "Suede", "Knit")],
                    new("FW-SNK", "Sneakers", ["Courtside", "Greyfield", "Oaken", "Velo Run"], ["Low", "Court", "Retro", "Classic", "Court Pro", "Skate"], ["Leather", "Canvas", "Vintage", "Minimal"],
                        45m, 150m, ["A cupsole that breaks in, not down.", "Cushioned footbed for all-day wear.", "Clean lines that go with everything."], ["size"])),
                Leaf("boots", "Boots", [Choice("upper", "Leather", "Suede", "Nubuck"), Flag("waterproof"), Number("shaft_height", "cm", "10", "14", "18")],
                    new("FW-BOT", "Boots", ["Ridgeway", "Cask & Co.", "Greyfield", "Summit Thread"], ["Chelsea", "Chukka", "Hiker", "Moc Toe", "Service", "Desert"], ["Leather", "Waterproof", "Insulated", "Goodyear-Welted"],
                        89m, 329m, ["Goodyear-welted so it can be resoled.", "Full-grain leather that gets better with age.", "Lugged rubber outsole for wet pavements."], ["size"])),
                Leaf("sandals", "Sandals", [Choice("upper", "Leather", "Synthetic", "Webbing")],
                    new("FW-SND", "Sandals", ["Saltmarsh", "Velo Run", "Fern & Fable", "Courtside"], ["Strappy", "Slide", "Sport", "Fisherman", "Cork"], ["Adjustable", "Leather", "Trail", "Everyday"],
                        25m, 120m, ["A contoured cork footbed moulds to your foot.", "Quick-dry straps for beach and river.", "Adjustable buckles for a secure fit."], ["size"]))),
            Node("kids-shoes", "Kids' Shoes", [],
                Leaf("kids-sneakers", "Kids' Sneakers", [Flag("light_up"), Choice("closure", "Velcro", "Laces", "Slip-On")],
                    new("FW-KSN", "Kids' Sneakers", ["Little Strides", "Courtside", "Kinetic Nine"], ["Zoom", "Dash", "Playground", "Rocket", "Scout"], ["Kids'", "Light-Up", "Easy-On", "Everyday"],
                        25m, 70m, ["Easy-on straps little hands can manage.", "Reinforced toe cap for scuffs and scrapes.", "Non-marking outsole."], ["size"])))),

        Node("electronics", "Electronics", [Choice("colour", "Black", "White", "Silver", "Space Grey", "Blue"), Number("warranty_years", "years", "1", "2", "3")],
            Node("audio", "Audio", [Flag("wireless")],
                Leaf("headphones", "Headphones", [Choice("form_factor", "Over-Ear", "On-Ear", "In-Ear"), Flag("noise_cancelling"), Number("battery_hours", "h", "20", "30", "40", "60")],
                    new("EL-HPH", "Headphones", ["Sonora", "Audiance", "Quillon", "Halcyon Audio", "Echelon"], ["Studio", "Aria", "Quiet", "Pulse", "Reference", "Nomad", "Loop"], ["Wireless", "Noise-Cancelling", "Over-Ear", "Sport"],
                        29m, 399m, ["Active noise cancelling tunes out the commute.", "Memory-foam cushions for long listening sessions.", "Fast charge: ten minutes gives five hours."], ["colour"])),
                Leaf("bluetooth-speakers", "Bluetooth Speakers", [Flag("waterproof"), Number("battery_hours", "h", "10", "12", "16", "24"), Number("output_watts", "W", "10", "20", "40", "60")],
                    new("EL-SPK", "Bluetooth Speaker", ["Sonora", "Halcyon Audio", "Echelon", "Boomcraft"], ["Pebble", "Boom", "Campfire", "Wave", "Cube", "Tidal"], ["Portable", "Waterproof", "Party", "Mini"],
                        25m, 299m, ["IP67 rated: dustproof and it floats.", "Pair two for true stereo.", "A built-in strap clips to your pack."], ["colour"])),
                Leaf("soundbars", "Soundbars", [Number("channels", "ch", "2", "3", "5", "7"), Flag("dolby_atmos")],
                    new("EL-SBR", "Soundbar", ["Sonora", "Audiance", "Echelon"], ["Cinema", "Arc", "Beam", "Studio", "Slim"], ["Atmos", "Compact", "Wireless Subwoofer", "Smart"],
                        149m, 899m, ["Dialogue enhancement makes voices crisp.", "One HDMI cable to your TV.", "Room calibration tunes the sound to your space."], []))),
            Node("computers", "Computers", [],
                Leaf("laptops", "Laptops", [Number("screen_size", "in", "13.3", "14", "15.6", "16"), Number("ram_gb", "GB", "8", "16", "32"), Choice("storage", "256 GB", "512 GB", "1 TB", "2 TB"), Choice("processor", "Quad-Core", "Hexa-Core", "Octa-Core")],
                    new("EL-LAP", "Laptop", ["Vireo", "Altair Systems", "Northbridge", "Keystone"], ["Air", "Pro", "Book", "Studio", "Flex", "Ultra", "Go"], ["Thin & Light", "Creator", "Business", "Student"],
                        499m, 2199m, ["All-day battery life in an aluminium unibody.", "A colour-accurate display for photo and video work.", "Backlit keyboard with a precision glass touchpad."], ["storage"], PricedAxisStep: 150m)),
                Leaf("monitors", "Monitors", [Number("screen_size", "in", "24", "27", "32", "34"), Choice("resolution", "1080p", "1440p", "4K", "5K"), Number("refresh_hz", "Hz", "60", "75", "144", "165")],
                    new("EL-MON", "Monitor", ["Vireo", "Altair Systems", "Pixelon", "Keystone"], ["View", "Pro Display", "Ultra", "Office", "Gaming", "Curve"], ["IPS", "Curved", "USB-C", "Gaming"],
                        129m, 1299m, ["USB-C with 90 W charging: one cable for your laptop.", "Height, tilt and swivel adjustable stand.", "Factory calibrated for accurate colour."], [])),
                Leaf("keyboards", "Keyboards", [Choice("layout", "Full-Size", "TKL", "75%", "60%"), Choice("switch_type", "Linear", "Tactile", "Clicky", "Membrane")],
                    new("EL-KBD", "Keyboard", ["Keystone", "Clackworks", "Northbridge", "Pixelon"], ["Type", "Mech", "Silent", "Glide", "Pro"], ["Mechanical", "Wireless", "Low-Profile", "Hot-Swap"],
                        39m, 249m, ["Hot-swappable switches: change feel without soldering.", "PBT keycaps that never go shiny.", "Connects to three devices at once."], ["switch_type"])),
                Leaf("mice", "Mice", [Number("dpi", "dpi", "1600", "4000", "8000", "26000"), Number("buttons", "buttons", "3", "5", "7")],
                    new("EL-MSE", "Mouse", ["Keystone", "Clackworks", "Pixelon"], ["Glide", "Precision", "Ergo", "Viper", "Travel"], ["Wireless", "Ergonomic", "Gaming", "Silent"],
                        15m, 149m, ["Sculpted for the right hand.", "Glides on glass and rough desks alike.", "Months of battery from a single charge."], []))),
            Node("phones-tablets", "Phones & Tablets", [Choice("storage", "64 GB", "128 GB", "256 GB", "512 GB", "1 TB")],
                Leaf("smartphones", "Smartphones", [Number("screen_size", "in", "6.1", "6.4", "6.7"), Number("camera_mp", "MP", "12", "48", "50", "108"), Flag("5g")],
                    new("EL-PHN", "Smartphone", ["Vireo", "Altair Systems", "Nova Mobile", "Zentro"], ["One", "Edge", "Lite", "Pro", "Max", "Mini", "Neo"], ["5G", "Dual-SIM", "Unlocked", "Rugged"],
                        199m, 1399m, ["A triple camera that shines in low light.", "Fast charging: half a battery in twenty minutes.", "Glass front and back with an IP68 rating."], ["storage"], PricedAxisStep: 100m)),
                Leaf("tablets", "Tablets", [Number("screen_size", "in", "8.3", "10.9", "11", "12.9"), Flag("cellular")],
                    new("EL-TAB", "Tablet", ["Vireo", "Nova Mobile", "Zentro", "Altair Systems"], ["Tab", "Slate", "Pad", "Canvas", "Note"], ["Wi-Fi", "Cellular", "Kids", "Pro"],
                        149m, 1199m, ["Works with a pencil for notes and sketches.", "A laminated display with anti-reflective coating.", "Stereo speakers in landscape."], ["storage"], PricedAxisStep: 90m)))),

        Node("home-kitchen", "Home & Kitchen", [Choice("colour", "Black", "White", "Stainless", "Red", "Sage", "Cream", "Copper")],
            Node("cookware", "Cookware", [Choice("material", "Stainless Steel", "Cast Iron", "Carbon Steel", "Hard-Anodised Aluminium", "Ceramic"), Flag("dishwasher_safe"), Flag("induction_ready")],
                Leaf("frying-pans", "Frying Pans", [Number("diameter", "cm", "20", "24", "28", "30")],
                    new("HK-FRY", "Frying Pan", ["Copperline", "Hearthstone", "Maison Cuisine", "Ironbark"], ["Chef's", "Everyday", "Pro", "Heritage", "Bistro"], ["Non-Stick", "Cast Iron", "Tri-Ply", "Carbon Steel"],
                        19m, 179m, ["Heats evenly edge to edge.", "Oven safe to 260 °C.", "A riveted handle that stays cool on the hob."], ["diameter"], PricedAxisStep: 8m)),
                Leaf("saucepans", "Saucepans", [Number("capacity_l", "L", "1.5", "2", "3", "4")],
                    new("HK-SAU", "Saucepan", ["Copperline", "Hearthstone", "Maison Cuisine"], ["Chef's", "Everyday", "Pro", "Heritage"], ["Tri-Ply", "Lidded", "Copper-Core", "Pouring"],
                        25m, 199m, ["Pouring lips on both sides.", "A tight glass lid to keep an eye on things.", "Encapsulated base for gas, electric and induction."], ["capacity_l"], PricedAxisStep: 10m)),
                Leaf("dutch-ovens", "Dutch Ovens", [Number("capacity_l", "L", "3.8", "5.3", "6.7")],
                    new("HK-DOV", "Dutch Oven", ["Ironbark", "Hearthstone", "Maison Cuisine"], ["Signature", "Round", "Oval", "Braiser"], ["Enamelled", "Cast Iron", "Heritage", "Deep"],
                        59m, 389m, ["Enamelled cast iron for slow braises.", "Self-basting lid returns moisture to the pot.", "From hob to oven to table."], ["capacity_l"], PricedAxisStep: 30m))),
            Node("small-appliances", "Small Appliances", [Number("wattage", "W", "600", "900", "1200", "1500", "2000")],
                Leaf("coffee-makers", "Coffee Makers", [Choice("brew_type", "Drip", "Espresso", "Pour-Over", "French Press", "Pod"), Number("capacity_cups", "cups", "1", "4", "10", "12")],
                    new("HK-COF", "Coffee Maker", ["Brewhaus", "Morning Ritual", "Maison Cuisine", "Crema & Co."], ["Barista", "Classic", "Precision", "Morning", "Duo"], ["Programmable", "Espresso", "Thermal", "Compact"],
                        29m, 699m, ["Brews at the ideal 92–96 °C.", "A thermal carafe keeps coffee hot for hours.", "Set it the night before with the timer."], [])),
                Leaf("blenders", "Blenders", [Number("capacity_l", "L", "0.6", "1.5", "2")],
                    new("HK-BLN", "Blender", ["Vortex Kitchen", "Brewhaus", "Maison Cuisine"], ["Power", "Smoothie", "Pro", "Personal", "Vortex"], ["High-Speed", "Personal", "Variable-Speed", "Quiet"],
                        35m, 549m, ["Crushes ice in seconds.", "Self-cleaning in sixty seconds with warm water.", "A tamper pushes thick blends onto the blades."], [])),
                Leaf("toasters", "Toasters", [Number("slots", "slots", "2", "4"), Flag("bagel_setting")],
                    new("HK-TST", "Toaster", ["Brewhaus", "Morning Ritual", "Vortex Kitchen"], ["Retro", "Long-Slot", "Smart", "Classic"], ["2-Slice", "4-Slice", "Wide-Slot", "Digital"],
                        25m, 189m, ["Extra-wide slots for bagels and crumpets.", "A lift lever for small slices.", "Defrost and reheat settings."], []))),
            Node("home-decor", "Home Decor", [Choice("style", "Modern", "Scandinavian", "Industrial", "Boho", "Mid-Century")],
                Leaf("lamps", "Lamps", [Choice("lamp_type", "Table", "Floor", "Desk", "Pendant"), Flag("dimmable")],
                    new("HK-LMP", "Lamp", ["Lumenhaus", "Oak & Ember", "Nordlys"], ["Arc", "Globe", "Task", "Tripod", "Mushroom", "Column"], ["Dimmable", "Ceramic", "Brass", "Linen-Shade"],
                        29m, 349m, ["Warm, dimmable light for evenings.", "Weighted base, cloth cord.", "Takes any standard E27 bulb."], [])),
                Leaf("throw-pillows", "Throw Pillows", [Choice("fabric", "Linen", "Velvet", "Cotton", "Boucle"), Number("size_cm", "cm", "45", "50", "60")],
                    new("HK-PIL", "Throw Pillow", ["Oak & Ember", "Nordlys", "Saltmarsh Home"], ["Textured", "Striped", "Solid", "Tufted", "Fringed"], ["Velvet", "Linen", "Boucle", "Outdoor"],
                        15m, 79m, ["Feather-down insert included.", "A hidden zip for easy washing.", "Adds texture to a sofa or bed."], [])),
                Leaf("wall-clocks", "Wall Clocks", [Number("diameter", "cm", "25", "30", "40", "60"), Flag("silent")],
                    new("HK-CLK", "Wall Clock", ["Nordlys", "Lumenhaus", "Oak & Ember"], ["Station", "Minimal", "Sunburst", "Schoolhouse"], ["Silent", "Oversized", "Wooden", "Metal"],
                        19m, 149m, ["A silent sweep movement: no ticking.", "Runs a year on one AA battery.", "Easy-read numerals from across the room."], [])))),

        Node("sports-outdoors", "Sports & Outdoors", [Choice("colour", "Black", "Orange", "Green", "Blue", "Grey", "Yellow", "Red")],
            Node("camping", "Camping & Hiking", [Number("weight_kg", "kg", "0.4", "0.9", "1.2", "1.8", "2.5", "3.4")],
                Leaf("tents", "Tents", [Number("capacity_persons", "persons", "1", "2", "3", "4", "6"), Choice("season", "3-Season", "4-Season"), Flag("freestanding")],
                    new("SP-TNT", "Tent", ["Ridgeway", "Basecamp Supply", "Alpine Arc", "Summit Thread"], ["Backcountry", "Basecamp", "Dome", "Trekker", "Ultralight", "Tunnel"], ["Backpacking", "Family", "Ultralight", "Expedition"],
                        79m, 699m, ["Pitches in under five minutes, fly first in the rain.", "Two doors and two vestibules.", "Colour-coded poles and clips."], [])),
                Leaf("sleeping-bags", "Sleeping Bags", [Number("comfort_temp_c", "°C", "-10", "-5", "0", "5", "10"), Choice("fill", "Down", "Synthetic")],
                    new("SP-SLB", "Sleeping Bag", ["Alpine Arc", "Basecamp Supply", "Ridgeway"], ["Mummy", "Quilt", "Rectangular", "Nightfall", "Cocoon"], ["Down", "Synthetic", "Ultralight", "Winter"],
                        49m, 459m, ["Water-resistant down keeps loft when damp.", "Draft collar and hood cinch.", "Packs down to the size of a loaf."], [])),
                Leaf("hiking-backpacks", "Hiking Backpacks", [Number("volume_l", "L", "20", "30", "45", "60", "70"), Flag("rain_cover")],
                    new("SP-BPK", "Hiking Backpack", ["Ridgeway", "Summit Thread", "Alpine Arc", "Basecamp Supply"], ["Trail", "Summit", "Daypack", "Trekker", "Ascent", "Rover"], ["Lightweight", "Ventilated", "Women's", "Expedition"],
                        39m, 329m, ["A ventilated back panel keeps you cool.", "Adjustable torso length.", "Hip-belt pockets for snacks and a phone."], []))),
            Node("fitness", "Fitness", [],
                Leaf("yoga-mats", "Yoga Mats", [Number("thickness_mm", "mm", "3", "4", "5", "6", "8"), Choice("material", "Natural Rubber", "TPE", "PVC", "Cork")],
                    new("SP-YGA", "Yoga Mat", ["Lumen Active", "Pace Studio", "Lotus Ground"], ["Grip", "Travel", "Align", "Flow", "Studio"], ["Non-Slip", "Cork", "Extra-Thick", "Travel"],
                        19m, 129m, ["Grips even in a hot class.", "Alignment lines on the top layer.", "Carry strap included."], [])),
                Leaf("dumbbells", "Dumbbells", [Number("weight_kg", "kg", "2", "5", "10", "15", "20"), Choice("dumbbell_type", "Hex", "Adjustable", "Neoprene", "Round")],
                    new("SP-DBL", "Dumbbell", ["Forge Fit", "Iron Republic", "Kinetic Nine"], ["Hex", "Pro", "Studio", "Home Gym", "Adjustable"], ["Rubber-Coated", "Adjustable", "Neoprene", "Chrome"],
                        12m, 399m, ["Knurled chrome handle for a sure grip.", "Hex heads do not roll away.", "Rubber coating protects your floor."], ["weight_kg"], PricedAxisStep: 15m)),
                Leaf("resistance-bands", "Resistance Bands", [Choice("resistance", "Light", "Medium", "Heavy", "Extra Heavy"), Number("length_cm", "cm", "30", "120", "208")],
                    new("SP-RBD", "Resistance Band", ["Forge Fit", "Lumen Active", "Pace Studio"], ["Loop", "Power", "Mini", "Pull-Up", "Tube"], ["Fabric", "Latex-Free", "Set", "Travel"],
                        9m, 59m, ["Fabric loops that do not roll up.", "Colour-coded by resistance.", "A mesh bag to carry them."], ["resistance"]))),
            Node("cycling", "Cycling", [],
                Leaf("bike-helmets", "Bike Helmets", [Choice("helmet_size", "S", "M", "L"), Flag("mips")],
                    new("SP-HLM", "Bike Helmet", ["Velo Run", "Spoke & Chain", "Alpine Arc"], ["Aero", "Commuter", "Trail", "Road", "Urban"], ["MIPS", "Ventilated", "Lightweight", "LED"],
                        35m, 279m, ["A rotational impact system for angled hits.", "Twenty vents keep your head cool on climbs.", "A dial fit system adjusts with one hand."], ["helmet_size"])),
                Leaf("bike-lights", "Bike Lights", [Number("lumens", "lm", "200", "400", "800", "1200", "1600"), Flag("usb_rechargeable")],
                    new("SP-BLT", "Bike Light", ["Spoke & Chain", "Velo Run", "Lumenhaus"], ["Beacon", "Commuter", "Trail", "Flash"], ["Front", "Rear", "Set", "USB-C"],
                        12m, 149m, ["Daytime flash mode you can see from a kilometre.", "Charges over USB-C.", "A tool-free mount for any handlebar."], [])))),

        Node("books", "Books", [Choice("format", "Hardcover", "Paperback", "E-book", "Audiobook"), Choice("language", "English", "Spanish", "French", "German"), Number("pages", "pages", "180", "240", "320", "416", "512", "640"), Text("author", "Ada Marsh", "Tomas Ferreira", "Ingrid Holm", "Kenji Sato", "Amara Okafor", "Lucia Bianchi", "Noah Whitfield", "Priya Raman", "Elena Vasquez", "Samuel Adeyemi", "Claire Dubois", "Jonah Reyes")],
            Node("fiction", "Fiction", [],
                Leaf("mystery-thriller", "Mystery & Thriller", [Flag("series")],
                    new("BK-MYS", "", ["Blackwood Press", "Lantern House", "Meridian Books"], ["The Silent", "The Last", "A Quiet", "The Glass", "The Drowned", "The Hollow", "Midnight at the", "The Vanishing"], ["Harbor", "Witness", "Lighthouse", "Orchard", "Ferry", "Archive", "Station", "Ledger"],
                        9m, 32m, ["A twisting, sleepless read.", "Secrets surface in a small coastal town.", "An unreliable witness and a case gone cold."], ["format"], NamePattern: "{model} {qualifier}")),
                Leaf("science-fiction", "Science Fiction", [Flag("series")],
                    new("BK-SCI", "", ["Meridian Books", "Orbit Line", "Lantern House"], ["Children of the", "Beyond the", "The Long", "Echoes of the", "Last Light on the", "The Far"], ["Nebula", "Frontier", "Drift", "Machine", "Colony", "Signal", "Orbit", "Tide"],
                        9m, 34m, ["First contact, told from both sides.", "A generation ship, a mutiny and a choice.", "Big ideas and a human heart."], ["format"], NamePattern: "{model} {qualifier}")),
                Leaf("fantasy", "Fantasy", [Flag("series")],
                    new("BK-FAN", "", ["Orbit Line", "Blackwood Press", "Meridian Books"], ["The Crown of", "A Song for the", "The Ember", "The Broken", "Queen of the", "The Iron"], ["Thorns", "Tides", "Throne", "Forest", "Kingdom", "Wolves", "Ash"],
                        9m, 36m, ["Court intrigue and old magic.", "A map, a quest and a found family.", "The first book of an epic trilogy."], ["format"], NamePattern: "{model} {qualifier}"))),
            Node("non-fiction", "Non-Fiction", [],
                Leaf("cookbooks", "Cookbooks", [Choice("cuisine", "Italian", "Japanese", "Mexican", "Indian", "French", "Vegetarian", "Baking")],
                    new("BK-COK", "", ["Hearth Books", "Lantern House", "Meridian Books"], ["Simply", "The Joy of", "Weeknight", "Salt, Fire and", "Everyday", "The Art of"], ["Pasta", "Baking", "Noodles", "Vegetables", "Curry", "Bread", "Tacos", "Sourdough"],
                        15m, 45m, ["One hundred recipes for real kitchens.", "Photographed step by step.", "From pantry staples to a Sunday feast."], ["format"], NamePattern: "{model} {qualifier}")),
                Leaf("programming", "Programming", [Choice("level", "Beginner", "Intermediate", "Advanced")],
                    new("BK-PRG", "", ["Stackwise Press", "Meridian Books", "Keystone Books"], ["Practical", "Designing", "Learning", "Mastering", "Effective", "Pragmatic"], ["Distributed Systems", "C#", "Algorithms", "Databases", "Cloud Services", "Web APIs", "Concurrency", "Testing"],
                        25m, 69m, ["Worked examples you can run.", "Patterns drawn from production systems.", "Written for working engineers."], ["format"], NamePattern: "{model} {qualifier}")),
                Leaf("history", "History", [Choice("era", "Ancient", "Medieval", "Early Modern", "Modern", "Contemporary")],
                    new("BK-HIS", "", ["Meridian Books", "Lantern House", "Hearth Books"], ["The Rise of", "A History of", "The Age of", "Empires of", "The Fall of", "Voices from the"], ["Rome", "the Silk Road", "the Atlantic", "Printing", "the Railways", "the Sea", "Cities", "Salt"],
                        14m, 42m, ["Narrative history at its most vivid.", "Drawn from letters and first-hand accounts.", "A sweeping story of trade and power."], ["format"], NamePattern: "{model} {qualifier}")),
                Leaf("self-improvement", "Self-Improvement", [Flag("workbook")],
                    new("BK-SLF", "", ["Hearth Books", "Stackwise Press", "Lantern House"], ["The Habit of", "Deep", "The Little Book of", "Small Steps to", "Finding"], ["Focus", "Calm", "Work", "Courage", "Sleep", "Rest", "Balance"],
                        12m, 30m, ["Practical advice backed by research.", "Short chapters you can act on today.", "A kinder way to change habits."], ["format"], NamePattern: "{model} {qualifier}")))),
    ];
}
